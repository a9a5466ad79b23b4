//! Pieces of the JSON wire format shared by every area's API, with their OpenAPI schemas: money,
//! ids, the domain's named values and the error body. The document is generated from these types
//! (by the site area), so what is described is what is sent.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// The schema of [`Money`] on the wire: an amount in the currency's minor units (cents; a KRW
/// amount has none) and its ISO 4217 code.
#[derive(Debug, ToSchema)]
#[schema(as = Money)]
pub struct MoneySchema {
    /// The amount in minor units.
    pub amount_minor: i64,
    /// The ISO 4217 currency code.
    #[schema(pattern = "^[A-Z]{3}$")]
    pub currency: String,
}

/// Money as a JSON body sends it, kept raw so that a wrong amount is a field error (422), not an
/// unreadable body.
#[derive(Debug, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct MoneyBody {
    /// The amount in minor units, as sent.
    pub amount_minor: Option<Value>,
    /// The currency code, as sent.
    pub currency: String,
}

/// The minor units of a money body: absent or null is none; a fraction, a string or an amount past
/// 64 bits is a field error on `field`.
pub fn amount_minor(
    field: &'static str,
    value: Option<&Value>,
    errors: &mut ideaforge_domain::FieldErrors,
) -> Option<i64> {
    whole_number(field, value, ideaforge_domain::money::MAX_MINOR, errors)
}

/// A whole number of a JSON body (a count, minor units): absent or null is none; a fraction or a
/// string is a field error on `field`, and so is a number past 64 bits (out of `1..=max`). The
/// domain checks the range of the rest.
pub fn whole_number(
    field: &'static str,
    value: Option<&Value>,
    max: i64,
    errors: &mut ideaforge_domain::FieldErrors,
) -> Option<i64> {
    use ideaforge_domain::Invalid;
    match value {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => match n.as_i64() {
            Some(number) => Some(number),
            None if n.is_f64() => {
                errors.add(field, Invalid::Malformed);
                None
            }
            None => {
                errors.add(field, Invalid::OutOfRange { min: 1, max });
                None
            }
        },
        Some(_) => {
            errors.add(field, Invalid::Malformed);
            None
        }
    }
}

/// One of a domain enum's stored names.
pub fn names_schema(names: impl IntoIterator<Item = &'static str>) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).build()
}

/// Schema functions for the domain's named values (`schema_with = wire::status`), built from the
/// domain's own list of names so that a new value is documented when it is added.
macro_rules! name_schemas {
    ($($(#[$doc:meta])* $fn:ident => $ty:ty),+ $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $fn() -> Object {
                names_schema(<$ty>::ALL.iter().map(|v| v.as_str()))
            }
        )+
    };
}

name_schemas! {
    /// A challenge's status.
    challenge_status => ideaforge_domain::challenge::Status,
    /// A challenge's type.
    challenge_kind => ideaforge_domain::challenge::ChallengeKind,
    /// A challenge's difficulty.
    difficulty => ideaforge_domain::challenge::Difficulty,
    /// Who holds the rights to an awarded solution.
    challenge_ip_terms => ideaforge_domain::challenge::ChallengeIpTerms,
    /// An idea's stage.
    stage => ideaforge_domain::idea::Stage,
    /// A member's role.
    role => ideaforge_domain::Role,
    /// What an IP register record records.
    record_kind => ideaforge_domain::ip::RecordKind,
    /// How a member hears about a kind of notification.
    delivery => ideaforge_domain::notification::Delivery,
    /// What an API token may do.
    token_scope => ideaforge_domain::token::TokenScope,
    /// Where a funding campaign stands.
    campaign_status => ideaforge_domain::campaign::CampaignStatus,
    /// Where a pledge stands.
    pledge_status => ideaforge_domain::campaign::PledgeStatus,
    /// How a campaign's backers pay.
    campaign_provider => ideaforge_domain::campaign::ProviderKind,
    /// Who reads a campaign's update.
    update_audience => ideaforge_domain::campaign::Audience,
    /// What a webhook endpoint hears.
    webhook_event => ideaforge_domain::webhook::WebhookEvent,
    /// Where a webhook delivery stands.
    delivery_status => ideaforge_domain::webhook::DeliveryStatus,
}

/// A list of the events a webhook endpoint hears.
pub fn webhook_events() -> utoipa::openapi::schema::Array {
    utoipa::openapi::schema::ArrayBuilder::new().items(webhook_event()).min_items(Some(1)).build()
}

/// A member's delivery choice for each kind of notification.
pub fn delivery_map() -> Object {
    let kinds = ideaforge_domain::notification::NotificationKind::ALL.iter().map(|k| k.as_str().to_owned());
    let mut builder = ObjectBuilder::new().schema_type(Type::Object);
    for kind in kinds {
        builder = builder.property(kind, delivery());
    }
    builder.additional_properties(Some(utoipa::openapi::schema::AdditionalProperties::FreeForm(false))).build()
}

/// A member's chosen language, or null.
pub fn language() -> Object {
    let names = ideaforge_domain::Language::ALL.iter().map(|v| Value::from(v.as_str()));
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
        .enum_values(Some(names.chain([Value::Null])))
        .build()
}

/// The body of every API error.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong: a stable code, a message in the request's language and, for a refused
/// request body, the reason for each refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable code (`validation_failed`, `unauthorized`, `not_found`, `too_many_requests` …).
    pub code: String,
    /// A message for people.
    pub message: String,
    /// Each refused field's reason (422 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, FieldError>>,
}

/// Why one field was refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// A stable code (`required`, `too_long`, `malformed` …).
    pub code: String,
    /// A message for people.
    pub message: String,
}

#[cfg(test)]
mod tests {
    /// Two wire types of one name become one schema in the document (the last one wins), and the
    /// other's answers are then checked against the wrong shape: every schema name is unique.
    #[test]
    fn every_wire_type_has_its_own_schema_name() {
        let mut names: Vec<(String, String)> = Vec::new();
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).expect("read dir").map(|e| e.expect("entry").path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("read source");
            let lines: Vec<&str> = source.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !(line.starts_with("#[derive(") && line.contains("ToSchema")) {
                    continue;
                }
                let mut alias = None;
                for next in lines.iter().skip(i + 1) {
                    if let Some(rest) = next.trim().strip_prefix("#[schema(as = ") {
                        alias = rest.split(')').next().map(str::to_owned);
                    }
                    let item =
                        next.trim().strip_prefix("pub struct ").or_else(|| next.trim().strip_prefix("pub enum "));
                    if let Some(item) = item {
                        let name = item.split([' ', '{', '<', '(']).next().unwrap_or_default().to_owned();
                        names.push((alias.unwrap_or(name), path.display().to_string()));
                        break;
                    }
                }
            }
        }
        names.sort();
        let clashes: Vec<String> = names
            .windows(2)
            .filter(|pair| pair[0].0 == pair[1].0)
            .map(|pair| format!("{} in {} and {}", pair[0].0, pair[0].1, pair[1].1))
            .collect();
        assert!(names.len() > 50, "the wire types were found ({})", names.len());
        assert!(clashes.is_empty(), "schema names used twice: {clashes:#?}");
    }
}
