//! The Markdown renderer: any text renders, and nothing outside its allowlist comes out.
#![no_main]

libfuzzer_sys::fuzz_target!(|source: &str| {
    let html = ideaforge_text::markdown::render(source);
    let outside = ideaforge_text::markdown::outside_allowlist(&html);
    assert!(outside.is_empty(), "{source:?} rendered {html:?}: {outside:?}");
});
