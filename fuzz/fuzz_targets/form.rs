//! The form decoder: a body the UTF-8 check lets through decodes without replacement characters
//! the member never typed.
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| {
    if ideaforge_text::form::decodes_to_utf8(body) {
        if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) {
            let typed = String::from_utf8_lossy(body).contains('\u{fffd}')
                || body.windows(9).any(|w| w.eq_ignore_ascii_case(b"%EF%BF%BD"));
            if !typed {
                assert!(pairs.iter().all(|(k, v)| !k.contains('\u{fffd}') && !v.contains('\u{fffd}')), "{body:?}");
            }
        }
    }
});
