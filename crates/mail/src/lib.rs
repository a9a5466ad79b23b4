//! E-mail: message rendering (HTML and plain text), the outbox dispatcher and its transports.
//!
//! Nothing is sent yet: the outbox, SMTP and file transports arrive with the notifications issue.
//! The crate exists now so that its boundary is fixed: it depends on `domain` only, and only `app`
//! calls it.
