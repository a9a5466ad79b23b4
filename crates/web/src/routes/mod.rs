//! Handlers: extract, parse into domain types, call one use case, answer with markup, JSON or a
//! redirect.

pub mod accounts;
pub mod api;
pub mod health;
pub mod home;
