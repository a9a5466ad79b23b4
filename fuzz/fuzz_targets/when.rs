//! Times from forms and JSON: any text is a time, nothing, or malformed.
#![no_main]

libfuzzer_sys::fuzz_target!(|input: &str| {
    if let Ok(Some(at)) = ideaforge_text::when::parse_time(input) {
        assert!(!input.trim().is_empty());
        let _ = at.unix_timestamp();
    }
});
