//! Where campaigns are found: the campaigns page (public ones; the viewer's organizations' drafts;
//! those waiting for a moderator).

use ideaforge_app::CampaignLists;
use maud::{Markup, html};

use crate::components::cards::campaign_card as card;
use crate::components::{Chrome, layout};

/// The campaigns page.
pub fn campaign_list(chrome: &Chrome<'_>, lists: &CampaignLists) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("campaigns-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            p { (tr.t("campaigns-lead")) }
            @if !lists.awaiting_approval.is_empty() {
                section #awaiting {
                    h2 { (tr.t("campaigns-awaiting")) }
                    ul { @for c in &lists.awaiting_approval { (card(tr, c)) } }
                }
            }
            @if !lists.preparing.is_empty() {
                section #preparing {
                    h2 { (tr.t("campaigns-preparing")) }
                    ul { @for c in &lists.preparing { (card(tr, c)) } }
                }
            }
            section #public {
                @if lists.public.is_empty() {
                    p { (tr.t("campaigns-none")) }
                } @else {
                    ul { @for c in &lists.public { (card(tr, c)) } }
                }
            }
        },
    )
}
