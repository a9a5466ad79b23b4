//! The rights section of an idea's page: owners, licensees, influence shares and the register
//! history, with the forms the contest's managers use.

use ideaforge_app::{IdeaRights, RecordView};
use ideaforge_domain::idea::Stage;
use ideaforge_domain::{FieldErrors, IdeaId};
use maud::{Markup, html};

use crate::components::cards::percent;
use crate::components::money;
use crate::components::time::when;
use crate::components::{Field, TextArea, form_errors};
use crate::i18n::Tr;

/// The parties a register record names, as the viewer may see them.
pub fn parties(tr: &Tr, record: &RecordView) -> String {
    record
        .parties
        .iter()
        .map(|p| p.name.clone().unwrap_or_else(|| tr.t("challenge-anonymous-seeker")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rights section of an idea's page: owners, licensees, shares, the register history, and for
/// the contest's managers the share and revenue forms.
pub fn rights_section(tr: &Tr, idea: IdeaId, stage: Stage, rights: &IdeaRights, errors: &FieldErrors) -> Markup {
    html! {
        section #rights {
            h2 { (tr.t("ip-rights-title")) }
            p data-testid="t-ip-owners" { (tr.t("ip-owners")) " " strong { (rights.owners.join(", ")) } }
            @if !rights.licensees.is_empty() {
                p data-testid="t-ip-licensees" { (tr.t("ip-licensees")) " " strong { (rights.licensees.join(", ")) } }
            }
            @if !rights.shares.is_empty() {
                h3 { (tr.t("ip-shares")) }
                table data-testid="t-ip-shares" {
                    tbody {
                        @for (name, role, bp) in &rights.shares {
                            tr { td { (name) } td { (role) } td { (percent(*bp)) } }
                        }
                    }
                }
            }
            details {
                summary { (tr.t("ip-history")) " (" (rights.history.len()) ")" }
                ol {
                    @for view in &rights.history {
                        li {
                            a href={ "/ip/records/" (view.record.seq) } { "#" (view.record.seq) } " · "
                            (tr.t(&format!("ip-kind-{}", view.record.kind.as_str()))) " · " (parties(tr, view)) " · "
                            (when(tr, view.record.recorded_at))
                        }
                    }
                }
            }
            @if rights.can_manage && !rights.statements.is_empty() {
                p data-testid="t-ip-shares-fixed" { small { (tr.t("ip-shares-fixed")) } }
            } @else if rights.can_manage && matches!(stage, Stage::Selected | Stage::InDevelopment | Stage::Launched) {
                (form_errors(tr, errors))
                form method="post" action={ "/ideas/" (idea) "/shares" } data-testid="t-ip-shares-form" {
                    (TextArea::new(tr, "shares", "ip-shares-field", errors).max(5_000).rows(4).hint(tr.t("ip-shares-hint")))
                    button.secondary type="submit" { (tr.t("ip-shares-submit")) }
                }
            }
            @if rights.can_manage && stage == Stage::Launched {
                form method="post" action={ "/ideas/" (idea) "/royalties" } data-testid="t-ip-revenue-form" {
                    div.grid {
                        (Field::new(tr, "period", "ip-period", "text", errors).max(20).hint(tr.t("ip-period-hint")))
                        (Field::new(tr, "revenue", "ip-revenue", "text", errors).max(24))
                        (Field::new(tr, "currency", "challenge-field-currency", "text", errors).max(3).value("USD"))
                    }
                    @if let Some(pool) = rights.influence_pool {
                        p { small { (tr.t("ip-pool")) " " (percent(pool.get())) } }
                    }
                    button type="submit" { (tr.t("ip-revenue-submit")) }
                }
            }
            @if !rights.statements.is_empty() {
                (statements(tr, rights, errors))
            }
        }
    }
}

/// An idea's revenue statements for those who manage it: what is owed, and whether the money was
/// received (with the admins' form to record it).
fn statements(tr: &Tr, rights: &IdeaRights, errors: &FieldErrors) -> Markup {
    html! {
        h3 { (tr.t("ip-statements")) }
        p { small { (tr.t("ip-statements-lead")) } }
        table data-testid="t-ip-statements" {
            thead { tr {
                th scope="col" { (tr.t("ip-period")) }
                th scope="col" { (tr.t("ip-revenue")) }
                th scope="col" { (tr.t("ip-statement-pool")) }
                th scope="col" { (tr.t("ip-statement-status")) }
            } }
            tbody {
                @for statement in &rights.statements {
                    tr data-testid="t-ip-statement" {
                        td { (statement.period) }
                        td { (money(tr, &statement.revenue)) }
                        td { (money(tr, &statement.pool)) }
                        td {
                            @match statement.received_at {
                                Some(at) => { (tr.t("ip-statement-received")) " " (when(tr, at)) }
                                None if statement.pool.minor() == 0 => { (tr.t("ip-statement-nothing-owed")) }
                                None => {
                                    strong { (tr.t("ip-statement-owed")) }
                                    @if rights.can_receive {
                                        form method="post" action={ "/royalty-statements/" (statement.id) "/receipt" }
                                            data-testid="t-ip-receipt-form" {
                                            (form_errors(tr, errors))
                                            input type="hidden" name="currency" value=(statement.pool.currency().code());
                                            (Field::new(tr, "amount", "ip-receipt-amount", "text", errors).max(24))
                                            (Field::new(tr, "reference", "ip-receipt-reference", "text", errors).max(200))
                                            button.secondary type="submit" { (tr.t("ip-receipt-submit")) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
