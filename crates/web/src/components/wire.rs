//! Pieces of the JSON wire format shared by every area's API.

use ideaforge_domain::money::Money;
use serde_json::{Value, json};

/// Money as the API contract spells it.
pub fn money_json(money: Money) -> Value {
    json!({"amount_minor": money.minor(), "currency": money.currency().code()})
}
