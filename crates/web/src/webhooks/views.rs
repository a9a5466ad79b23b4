//! The webhook pages: an organization's endpoints with the form for a new one, and one endpoint
//! with its settings, secret rotation and delivery log.

use ideaforge_app::WebhookPage;
use ideaforge_domain::FieldErrors;
use ideaforge_domain::org::Org;
use ideaforge_domain::webhook::{Delivery, DeliveryStatus, Endpoint, WebhookEvent};
use maud::{Markup, html};

use crate::components::design::{Tone, badge, empty};
use crate::components::time::when;
use crate::components::{Chrome, Field, form_errors, invalid_text, layout};
use crate::i18n::Tr;

/// What the endpoint form shows.
#[derive(Debug, Default)]
pub struct Values<'a> {
    /// The URL typed.
    pub url: &'a str,
    /// The events ticked.
    pub events: Vec<&'a str>,
    /// Whether "enabled" is ticked.
    pub enabled: bool,
}

impl<'a> Values<'a> {
    /// An endpoint's current settings.
    pub fn of(endpoint: &'a Endpoint) -> Self {
        Self {
            url: &endpoint.url,
            events: endpoint.events.iter().map(|e| e.as_str()).collect(),
            enabled: endpoint.disabled.is_none(),
        }
    }
}

fn status(tr: &Tr, endpoint: &Endpoint) -> Markup {
    match endpoint.disabled.as_deref() {
        None => badge(Tone::Good, &tr.t("webhook-status-enabled")),
        Some("failing") => badge(Tone::Waiting, &tr.t("webhook-status-failing")),
        Some(_) => badge(Tone::Ended, &tr.t("webhook-status-paused")),
    }
}

fn fields(tr: &Tr, values: &Values<'_>, errors: &FieldErrors, edit: bool) -> Markup {
    html! {
        (Field::new(tr, "url", "webhook-field-url", "url", errors).value(values.url).max(2_000)
            .hint(tr.t("webhook-field-url-hint")))
        fieldset aria-describedby=[errors.get("events").map(|_| "events-error")] {
            legend { (tr.t("webhook-field-events")) }
            @for event in WebhookEvent::ALL {
                label {
                    input type="checkbox" name="events" value=(event.as_str())
                        checked[values.events.contains(&event.as_str())];
                    " " (tr.t(&format!("webhook-event-{}", event.as_str().replace('.', "-"))))
                    " " small { code { (event.as_str()) } }
                }
            }
            @if let Some(why) = errors.get("events") {
                small #events-error .field-error { (invalid_text(tr, "events", why)) }
            }
        }
        @if edit {
            label {
                input type="checkbox" name="enabled" value="on" checked[values.enabled];
                " " (tr.t("webhook-field-enabled"))
            }
        }
    }
}

fn secret_shown(tr: &Tr, secret: Option<&str>) -> Markup {
    html! {
        @if let Some(secret) = secret {
            div.new-token role="status" {
                p { (tr.t("webhook-secret-once")) }
                pre { code #webhook-secret { (secret) } }
            }
        }
    }
}

/// An organization's endpoints and the form for a new one.
pub fn list(
    chrome: &Chrome<'_>,
    org: &Org,
    endpoints: &[Endpoint],
    values: &Values<'_>,
    errors: &FieldErrors,
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("webhooks-title");
    let base = format!("/orgs/{}/webhooks", org.slug);
    layout(
        chrome,
        &title,
        html! {
            hgroup {
                h1 { (title) }
                p { a href={ "/orgs/" (org.slug) } { (org.name.as_str()) } }
            }
            p { (tr.t("webhooks-lead")) }
            section #endpoints {
                h2 { (tr.t("webhooks-endpoints")) }
                @if endpoints.is_empty() {
                    (empty(&tr.t("webhooks-none"), None))
                } @else {
                    table {
                        thead { tr {
                            th scope="col" { (tr.t("webhook-field-url")) }
                            th scope="col" { (tr.t("webhook-field-events")) }
                            th scope="col" { (tr.t("webhook-status")) }
                        } }
                        tbody {
                            @for endpoint in endpoints {
                                tr {
                                    td { a href={ (base) "/" (endpoint.id) } { (endpoint.url) } }
                                    td { @for event in &endpoint.events { code { (event.as_str()) } " " } }
                                    td { (status(tr, endpoint)) }
                                }
                            }
                        }
                    }
                }
            }
            section #new-endpoint {
                h2 { (tr.t("webhook-new")) }
                (form_errors(tr, errors))
                form method="post" action=(base) novalidate {
                    (fields(tr, values, errors, false))
                    button type="submit" { (tr.t("webhook-new-submit")) }
                }
            }
        },
    )
}

fn delivery_row(tr: &Tr, base: &str, delivery: &Delivery, enabled: bool) -> Markup {
    let tone = match delivery.status {
        DeliveryStatus::Pending => Tone::Waiting,
        DeliveryStatus::Delivered => Tone::Good,
        DeliveryStatus::Failed => Tone::Ended,
    };
    html! {
        tr {
            td { (when(tr, delivery.created_at)) }
            td { code { (delivery.event) } }
            td { (badge(tone, &tr.t(&format!("webhook-delivery-{}", delivery.status.as_str())))) }
            td { (delivery.attempts) }
            td { (delivery.last_status.map(|s| s.to_string()).unwrap_or_default()) }
            td { (delivery.last_latency_ms.map(|ms| format!("{ms} ms")).unwrap_or_default()) }
            td { small { (delivery.last_error.as_deref().unwrap_or_default()) } }
            td { small { code { (delivery.message_id) } } }
            td {
                @if enabled {
                    form.inline method="post" action={ (base) "/deliveries/" (delivery.id) "/resend" } {
                        button.secondary.outline type="submit" { (tr.t("webhook-resend")) }
                    }
                }
            }
        }
    }
}

/// One endpoint: settings, secret, delivery log. `secret` is a secret just made, shown once.
pub fn endpoint(
    chrome: &Chrome<'_>,
    page: &WebhookPage,
    values: &Values<'_>,
    errors: &FieldErrors,
    secret: Option<&str>,
) -> Markup {
    let tr = chrome.tr;
    let endpoint = &page.endpoint;
    let base = format!("/orgs/{}/webhooks/{}", page.org.slug, endpoint.id);
    let title = tr.t("webhook-title");
    layout(
        chrome,
        &title,
        html! {
            hgroup {
                h1 { (title) " " (status(tr, endpoint)) }
                p { a href={ "/orgs/" (page.org.slug) "/webhooks" } { (tr.t("webhooks-title")) } " · " code { (endpoint.url) } }
            }
            @match endpoint.disabled.as_deref() {
                Some("failing") => p role="alert" { (tr.t("webhook-failing-lead")) },
                Some(_) => p { (tr.t("webhook-paused-lead")) },
                None => {},
            }
            (secret_shown(tr, secret))
            section #settings {
                h2 { (tr.t("webhook-settings")) }
                (form_errors(tr, errors))
                form method="post" action=(base) novalidate {
                    (fields(tr, values, errors, true))
                    button type="submit" { (tr.t("webhook-save")) }
                }
            }
            section #secret {
                h2 { (tr.t("webhook-secret")) }
                p { (tr.t("webhook-secret-lead")) }
                @if let Some((_, until)) = &endpoint.previous {
                    p { (tr.t("webhook-secret-previous")) " " (when(tr, *until)) }
                }
                form.inline method="post" action={ (base) "/rotate" } {
                    button.secondary type="submit" { (tr.t("webhook-rotate")) }
                }
            }
            section #deliveries {
                h2 { (tr.t("webhook-deliveries")) }
                p {
                    @for (n, (status, count)) in page.counts.iter().enumerate() {
                        @if n > 0 { " · " }
                        (tr.t(&format!("webhook-delivery-{}", status.as_str()))) ": " (count)
                    }
                }
                @if page.deliveries.is_empty() {
                    (empty(&tr.t("webhook-deliveries-none"), None))
                } @else {
                    table {
                        thead { tr {
                            th scope="col" { (tr.t("webhook-delivery-when")) }
                            th scope="col" { (tr.t("webhook-delivery-event")) }
                            th scope="col" { (tr.t("webhook-status")) }
                            th scope="col" { (tr.t("webhook-delivery-attempts")) }
                            th scope="col" { (tr.t("webhook-delivery-response")) }
                            th scope="col" { (tr.t("webhook-delivery-latency")) }
                            th scope="col" { (tr.t("webhook-delivery-error")) }
                            th scope="col" { (tr.t("webhook-delivery-message")) }
                            th scope="col" { span.visually-hidden { (tr.t("webhook-resend")) } }
                        } }
                        tbody { @for delivery in &page.deliveries { (delivery_row(tr, &base, delivery, endpoint.disabled.is_none())) } }
                    }
                    @if page.deliveries.len() == 50 {
                        @if let Some(last) = page.deliveries.last() {
                            p { a href={ (base) "?before=" (last.id) } { (tr.t("webhook-deliveries-older")) } }
                        }
                    }
                }
            }
            section #delete {
                form.inline method="post" action={ (base) "/delete" } {
                    button.secondary.outline type="submit" { (tr.t("webhook-delete")) }
                }
            }
        },
    )
}
