//! Where to go after signing in: whatever `next` says, the answer is a path on this site.
#![no_main]

use ideaforge_domain::NextPath;

libfuzzer_sys::fuzz_target!(|input: &str| {
    let next = NextPath::or_home(input);
    let path = next.as_str();
    assert!(path.starts_with('/'), "{input:?} → {path:?}");
    assert!(!path.starts_with("//") && !path.starts_with("/\\"), "{input:?} → {path:?}");
    assert!(!path.chars().any(|c| c.is_control() || c == '\\'), "{input:?} → {path:?}");
});
