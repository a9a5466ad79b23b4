//! sea-orm entities, one module per table. Only this crate sees them.

pub mod api_tokens;
pub mod events;
pub mod sessions;
pub mod users;
