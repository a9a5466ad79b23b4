//! Registration, sign-in and the account page.

use ideaforge_app::{LinkedIdentity, ProviderButton};
use ideaforge_domain::token::TokenScope;
use ideaforge_domain::{ApiToken, DisplayName, Email, FieldErrors, Language, Password, Role, TokenName, User};
use maud::{Markup, html};
use time::format_description::well_known::Rfc3339;

use crate::components::{Chrome, Field, form_errors, layout};

/// What the registration form shows again after a refused submission.
#[derive(Debug, Default)]
pub struct RegisterValues<'a> {
    /// The e-mail address typed.
    pub email: &'a str,
    /// The display name typed.
    pub display_name: &'a str,
}

/// The registration page.
pub fn register(
    chrome: &Chrome<'_>,
    providers: &[ProviderButton],
    values: &RegisterValues<'_>,
    errors: &FieldErrors,
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("register-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } p { (tr.t("register-lead")) } }
                (form_errors(tr, errors))
                form method="post" action="/register" novalidate {
                    (Field::new(tr, "email", "field-email", "email", errors)
                        .value(values.email).autocomplete("email").max(Email::MAX))
                    (Field::new(tr, "display_name", "field-display-name", "text", errors)
                        .value(values.display_name).autocomplete("nickname").max(DisplayName::MAX)
                        .hint(tr.t("field-display-name-hint")))
                    (Field::new(tr, "password", "field-password", "password", errors)
                        .autocomplete("new-password").max(Password::MAX).hint(tr.t("field-password-hint")))
                    button type="submit" { (tr.t("register-submit")) }
                }
                (provider_buttons(chrome, providers))
                footer { (tr.t("register-have-account")) " " a href="/signin" { (tr.t("nav-sign-in")) } }
            }
        },
    )
}

/// Buttons that start a sign-in with each configured provider.
pub fn provider_buttons(chrome: &Chrome<'_>, providers: &[ProviderButton]) -> Markup {
    let tr = chrome.tr;
    html! {
        @if !providers.is_empty() {
            section.providers aria-label=(tr.t("external-title")) {
                @for provider in providers {
                    p {
                        a.secondary role="button" href={ "/auth/" (provider.id) "/start" } data-provider=(provider.id) {
                            (tr.t_with("external-sign-in-with", &[("provider", &provider.name)]))
                        }
                    }
                }
            }
        }
    }
}

/// The sign-in page; `failed` shows the one message for any wrong e-mail/password pair.
pub fn sign_in(
    chrome: &Chrome<'_>,
    providers: &[ProviderButton],
    email: &str,
    next: &str,
    failed: Option<&'static str>,
    errors: &FieldErrors,
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("sign-in-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } }
                @if let Some(failed) = failed {
                    p.form-errors role="alert" { (tr.t(failed)) }
                }
                (form_errors(tr, errors))
                form method="post" action="/signin" novalidate {
                    input type="hidden" name="next" value=(next);
                    (Field::new(tr, "email", "field-email", "email", errors)
                        .value(email).autocomplete("username").max(Email::MAX))
                    (Field::new(tr, "password", "field-password", "password", errors)
                        .autocomplete("current-password").max(Password::MAX))
                    button type="submit" { (tr.t("sign-in-submit")) }
                }
                p { a href="/password/forgot" #forgot-password { (tr.t("forgot-link")) } }
                (provider_buttons(chrome, providers))
                footer { (tr.t("sign-in-no-account")) " " a href="/register" { (tr.t("nav-register")) } }
            }
        },
    )
}

/// What the account page shows.
#[derive(Debug, Default)]
pub struct AccountView<'a> {
    /// The member's live tokens.
    pub tokens: &'a [ApiToken],
    /// Why the last password change was refused.
    pub password_errors: FieldErrors,
    /// Why the last token request was refused.
    pub token_errors: FieldErrors,
    /// A token just issued: its name and the secret, shown this once.
    pub new_token: Option<(&'a str, &'a str)>,
    /// The identities linked to the account.
    pub identities: &'a [LinkedIdentity],
    /// The configured providers, each with the URL that links it (carrying the session's token).
    pub providers: &'a [(ProviderButton, String)],
    /// Every time zone the member may choose.
    pub time_zones: &'a [String],
}

fn date(at: time::OffsetDateTime) -> String {
    at.date().to_string()
}

/// The account page: profile, password change and API tokens.
pub fn account(chrome: &Chrome<'_>, user: &User, view: &AccountView<'_>) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("account-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            article {
                header { h2 { (tr.t("account-profile")) } }
                dl.profile {
                    dt { (tr.t("field-display-name")) } dd #profile-name { (user.display_name.as_str()) }
                    dt { (tr.t("account-email")) } dd {
                        (user.email.as_str()) " "
                        @if user.email_verified {
                            mark #email-verified { (tr.t("account-email-verified")) }
                        } @else {
                            mark #email-unverified { (tr.t("account-email-unverified")) }
                            form.inline method="post" action="/account/verify-email" {
                                button.secondary.outline type="submit" #resend-verification { (tr.t("account-email-resend")) }
                            }
                        }
                    }
                    dt { (tr.t("account-role")) } dd { (user.role.as_str()) }
                    dt { (tr.t("account-member-since")) } dd {
                        time datetime=(user.created_at.format(&Rfc3339).unwrap_or_default()) { (date(user.created_at)) }
                    }
                }
            }
            article #language {
                header { h2 { (tr.t("account-language-title")) } p { (tr.t("account-language-lead")) } }
                form method="post" action="/account/language" {
                    label for="language-choice" { (tr.t("account-language-label")) }
                    select #language-choice name="language" {
                        @for language in Language::ALL {
                            option value=(language.as_str()) selected[user.language.unwrap_or(Language::English) == *language] {
                                (tr.t(&format!("language-{}", language.as_str())))
                            }
                        }
                    }
                    button type="submit" { (tr.t("account-language-submit")) }
                }
            }
            article #time-zone {
                header { h2 { (tr.t("account-zone-title")) } p { (tr.t("account-zone-lead")) } }
                @let chosen = user.time_zone.as_ref().map(|z| z.as_str());
                form method="post" action="/account/time-zone" {
                    label for="zone-choice" { (tr.t("account-zone-label")) }
                    // Without a choice, app.js offers the browser's zone (selected, not saved).
                    select #zone-choice name="time_zone" data-browser-zone[chosen.is_none()] {
                        option value="" selected[chosen.is_none()] { (tr.t("account-zone-none")) }
                        @for name in view.time_zones {
                            option value=(name) selected[chosen == Some(name.as_str())] { (name) }
                        }
                    }
                    button type="submit" { (tr.t("account-zone-submit")) }
                }
            }
            @if !view.providers.is_empty() || !view.identities.is_empty() {
                article #identities {
                    header { h2 { (tr.t("external-title")) } p { (tr.t("external-account-lead")) } }
                    @if !view.identities.is_empty() {
                        ul {
                            @for identity in view.identities {
                                @let name = view.providers.iter().find(|(p, _)| p.id == identity.provider).map_or(identity.provider.as_str(), |(p, _)| p.name.as_str());
                                li data-identity=(identity.provider) {
                                    strong { (name) } " "
                                    @if let Some(email) = &identity.email { "(" (email) ") " }
                                    form.inline method="post" action={ "/account/identities/" (identity.id) "/unlink" } {
                                        button.secondary.outline type="submit" { (tr.t("external-unlink")) }
                                    }
                                }
                            }
                        }
                    }
                    @for (provider, href) in view.providers.iter().filter(|(p, _)| !view.identities.iter().any(|i| i.provider == p.id)) {
                        a.secondary role="button" href=(href) data-link=(provider.id) {
                            (tr.t_with("external-link", &[("provider", &provider.name)]))
                        }
                        " "
                    }
                }
            }
            article #password {
                header { h2 { (tr.t("account-password-title")) } p { (tr.t("account-password-note")) } }
                (form_errors(tr, &view.password_errors))
                form method="post" action="/account/password" novalidate {
                    (Field::new(tr, "current_password", "field-current-password", "password", &view.password_errors)
                        .autocomplete("current-password").max(Password::MAX))
                    (Field::new(tr, "new_password", "field-new-password", "password", &view.password_errors)
                        .autocomplete("new-password").max(Password::MAX).hint(tr.t("field-password-hint")))
                    button type="submit" { (tr.t("account-password-submit")) }
                }
            }
            article #tokens {
                header { h2 { (tr.t("account-tokens-title")) } p { (tr.t("account-tokens-lead")) } }
                @if let Some((name, secret)) = view.new_token {
                    div.new-token role="status" {
                        p { strong { (name) } ": " (tr.t("account-tokens-created")) }
                        pre { code #new-token { (secret) } }
                    }
                }
                @if view.tokens.is_empty() {
                    p { (tr.t("account-tokens-none")) }
                } @else {
                    table {
                        thead { tr {
                            th scope="col" { (tr.t("account-tokens-name")) }
                            th scope="col" { (tr.t("account-tokens-created-at")) }
                            th scope="col" { (tr.t("account-tokens-last-used")) }
                            th scope="col" { (tr.t("account-tokens-scope")) }
                            th scope="col" { (tr.t("account-tokens-expires")) }
                            th scope="col" {}
                        } }
                        tbody {
                            @for token in view.tokens {
                                tr {
                                    td { (token.name.as_str()) }
                                    td { (date(token.created_at)) }
                                    td { (token.last_used_at.map_or_else(|| tr.t("account-tokens-never"), date)) }
                                    td { (tr.t(&format!("account-tokens-scope-{}", token.scope.as_str()))) }
                                    td { (token.expires_at.map_or_else(|| tr.t("account-tokens-no-expiry"), date)) }
                                    td {
                                        form.inline method="post" action={ "/account/tokens/" (token.id) "/revoke" } {
                                            button.secondary.outline type="submit" { (tr.t("account-tokens-revoke")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (form_errors(tr, &view.token_errors))
                form method="post" action="/account/tokens" novalidate data-testid="t-token-form" {
                    (Field::new(tr, "name", "field-token-name", "text", &view.token_errors)
                        .max(TokenName::MAX).hint(tr.t("field-token-name-hint")))
                    label for="token-scope" { (tr.t("account-tokens-scope")) }
                    select #token-scope name="scope" {
                        @for scope in TokenScope::ALL.iter().filter(|s| **s != TokenScope::Admin || user.role != Role::Member) {
                            option value=(scope.as_str()) selected[*scope == TokenScope::Write] {
                                (tr.t(&format!("account-tokens-scope-{}", scope.as_str())))
                            }
                        }
                    }
                    (Field::new(tr, "expires_in_days", "field-token-days", "number", &view.token_errors)
                        .max(3).hint(tr.t("field-token-days-hint")))
                    (Field::new(tr, "password", "field-token-password", "password", &view.token_errors)
                        .autocomplete("current-password").max(Password::MAX).hint(tr.t("field-token-password-hint")))
                    button type="submit" { (tr.t("account-tokens-create")) }
                }
            }
        },
    )
}

/// The "forgot your password?" page; `sent` shows the same answer whether or not the address has
/// an account.
pub fn forgot_password(chrome: &Chrome<'_>, email: &str, sent: bool, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("forgot-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } p { (tr.t("forgot-lead")) } }
                @if sent {
                    p.flash role="status" #reset-sent { (tr.t("forgot-sent")) }
                }
                (form_errors(tr, errors))
                form method="post" action="/password/forgot" novalidate {
                    (Field::new(tr, "email", "field-email", "email", errors)
                        .value(email).autocomplete("username").max(Email::MAX))
                    button type="submit" { (tr.t("forgot-submit")) }
                }
            }
        },
    )
}

/// The link's parts, carried through the new-password form.
#[derive(Debug)]
pub struct LinkFields<'a> {
    /// The member.
    pub user: &'a str,
    /// The expiry.
    pub expires: &'a str,
    /// The signature.
    pub token: &'a str,
}

/// The new-password form of a good reset link.
pub fn reset_password(chrome: &Chrome<'_>, link: &LinkFields<'_>, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("reset-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } p { (tr.t("reset-lead")) } }
                (form_errors(tr, errors))
                form method="post" action="/password/reset" novalidate {
                    input type="hidden" name="u" value=(link.user);
                    input type="hidden" name="e" value=(link.expires);
                    input type="hidden" name="t" value=(link.token);
                    (Field::new(tr, "password", "field-new-password", "password", errors)
                        .autocomplete("new-password").max(Password::MAX).hint(tr.t("field-password-hint")))
                    button type="submit" { (tr.t("reset-submit")) }
                }
            }
        },
    )
}

/// A refused link (forged, used, expired), with the way forward.
pub fn link_refused(chrome: &Chrome<'_>, message_key: &str, retry_href: &str) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("link-refused-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } }
                p #link-refused { (tr.t(message_key)) }
                p { a href=(retry_href) { (tr.t("link-refused-retry")) } }
            }
        },
    )
}

/// A refused sign-in with a provider: what went wrong, and the way back.
pub fn external_refused(chrome: &Chrome<'_>, message_key: &str) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("external-refused-title");
    layout(
        chrome,
        &title,
        html! {
            article.narrow {
                header { h1 { (title) } }
                p #external-refused data-reason=(message_key) { (tr.t(message_key)) }
                p { a href="/signin" { (tr.t("external-back")) } }
            }
        },
    )
}
