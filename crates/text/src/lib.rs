//! The text grammars at the web's edge: Markdown to safe HTML ([`markdown`]), the check that a
//! urlencoded body decodes to UTF-8 ([`form`]) and the times forms send ([`when`]). Pure functions
//! with no framework, so that `fuzz/` exercises exactly the code the server runs.

pub mod form;
pub mod markdown;
pub mod when;
