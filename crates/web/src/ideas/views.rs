//! Ideas: cards, the vote button, forms, the idea page and its history.

use ideaforge_app::IdeaPage;
use ideaforge_domain::comment::Comment;
use ideaforge_domain::idea::{IdeaCard, MovedBy, Mover, Revision, Stage};
use ideaforge_domain::{FieldErrors, IdeaId};
use maud::{Markup, html};

use crate::components::cards::idea_card;
use crate::components::cards::stage_badge;
use crate::components::cards::stage_label;
use crate::components::cards::vote_count;
use crate::components::cards::vote_widget;
use crate::components::design::{avatar, empty};
use crate::components::time::when;
use crate::components::{
    Chrome, Field, Meta, TextArea, category_select, form_errors, language_select, layout, layout_with,
};
use crate::i18n::Tr;
use crate::markdown;

/// Why a vote is refused, in the reader's language.
fn refusal_text(tr: &Tr, refused: ideaforge_domain::vote::VoteRefused) -> String {
    match crate::error::WebError::from(ideaforge_app::IdeasError::Vote(refused)) {
        crate::error::WebError::Refused(code) => tr.t(&format!("error-{code}")),
        _ => tr.t("error-forbidden"),
    }
}

/// The vote button after a refused vote, with the reason beside it.
pub fn vote_refused(tr: &Tr, idea: IdeaId, title: &str, votes: i64, voted: bool, message: &str) -> Markup {
    html! {
        (vote_widget(tr, idea, title, votes, voted, true))
        small.vote-refused role="alert" { (message) }
    }
}

/// The open ideas page (ideas outside any contest).
pub fn open_ideas(
    chrome: &Chrome<'_>,
    cards: &[IdeaCard],
    voted: &[IdeaId],
    own: &[IdeaId],
    (previous, next): (Option<String>, Option<String>),
) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("open-ideas-title");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            p { (tr.t("open-ideas-lead")) }
            @if chrome.user.is_some() { p { a role="button" href="/ideas/new" { (tr.t("idea-new-title")) } } }
            @if cards.is_empty() { (empty(&tr.t("ideas-none"), chrome.user.map(|_| ("/ideas/new", tr.t("idea-new-title"))))) }
            @for card in cards { (idea_card(chrome, card, voted.contains(&card.id), chrome.user.is_some(), own.contains(&card.id))) }
            nav.pagination {
                @if let Some(link) = previous { a href=(link) rel="prev" { (tr.t("page-previous")) } }
                @if let Some(link) = next { a href=(link) rel="next" { (tr.t("page-next")) } }
            }
        },
    )
}

/// The member's own ideas: each with its stage, votes and where it was submitted.
pub fn my_ideas(chrome: &Chrome<'_>, cards: &[IdeaCard]) -> Markup {
    let tr = chrome.tr;
    let title = tr.t("nav-my-ideas");
    layout(
        chrome,
        &title,
        html! {
            h1 { (title) }
            @if cards.is_empty() {
                (empty(&tr.t("home-my-ideas-none"), Some(("/ideas/new", tr.t("idea-new-title")))))
            }
            @for card in cards { (idea_card(chrome, card, false, true, true)) }
        },
    )
}

/// An idea form's values, as typed.
#[derive(Debug, Default)]
pub struct IdeaValues {
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Body.
    pub body: String,
    /// Category.
    pub category: String,
    /// Tags, comma separated.
    pub tags: String,
    /// Co-authors' e-mails, comma separated.
    pub co_authors: String,
    /// The chosen language's tag (empty: detect it).
    pub language: String,
}

/// Where an idea form posts and what it is for.
#[derive(Debug)]
pub enum IdeaFormKind<'a> {
    /// A new idea, to a contest or open.
    New {
        /// The contest, with its title.
        contest: Option<(ideaforge_domain::ContestId, &'a str)>,
    },
    /// A new revision of an idea.
    Edit {
        /// The idea.
        idea: IdeaId,
        /// The revision being edited.
        revision: i32,
    },
}

/// The new-idea and edit-idea page.
pub fn idea_form(chrome: &Chrome<'_>, kind: &IdeaFormKind<'_>, values: &IdeaValues, errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let (title, action) = match kind {
        IdeaFormKind::New { .. } => (tr.t("idea-new-title"), "/ideas".to_owned()),
        IdeaFormKind::Edit { idea, .. } => (tr.t("idea-edit-title"), format!("/ideas/{idea}/edit")),
    };
    let similar_url = match kind {
        IdeaFormKind::New { .. } => "/ideas/similar".to_owned(),
        IdeaFormKind::Edit { idea, .. } => format!("/ideas/similar?except={idea}"),
    };
    layout(
        chrome,
        &title,
        html! {
            article {
                header {
                    h1 { (title) }
                    @if let IdeaFormKind::New { contest: Some((_, name)) } = kind {
                        p { (tr.t("idea-for-contest")) " " strong { (name) } }
                    }
                }
                (form_errors(tr, errors))
                form method="post" action=(action) novalidate {
                    @match kind {
                        IdeaFormKind::New { contest: Some((id, _)) } => { input type="hidden" name="contest_id" value=(id); }
                        IdeaFormKind::Edit { revision, .. } => { input type="hidden" name="revision" value=(revision); }
                        IdeaFormKind::New { contest: None } => {}
                    }
                    (Field::new(tr, "title", "field-title", "text", errors).value(&values.title).max(120))
                    (Field::new(tr, "summary", "field-summary", "text", errors).value(&values.summary).max(280))
                    // Ideas like this one, fetched while the title and summary are typed.
                    div #similar-ideas hx-get=(similar_url) hx-include="#field-title, #field-summary"
                        hx-trigger="input changed delay:400ms from:#field-title, input changed delay:400ms from:#field-summary"
                        hx-swap="innerHTML" {}
                    (TextArea::new(tr, "body", "field-body", errors).value(&values.body).max(20_000).hint(tr.t("field-markdown-hint")))
                    div.grid {
                        (category_select(chrome, &values.category, errors))
                        (Field::new(tr, "tags", "field-tags", "text", errors).value(&values.tags).max(255).optional()
                            .hint(tr.t("field-tags-hint")))
                    }
                    (language_select(tr, &values.language, errors))
                    @if matches!(kind, IdeaFormKind::New { .. }) {
                        (Field::new(tr, "co_authors", "field-co-authors", "text", errors).value(&values.co_authors)
                            .max(1000).optional().hint(tr.t("field-co-authors-hint")))
                    }
                    button type="submit" { (tr.t("idea-save")) }
                }
            }
        },
    )
}

fn comment_view(tr: &Tr, comment: &Comment, viewer: Option<ideaforge_domain::UserId>, moderator: bool) -> Markup {
    let own = viewer == Some(comment.author);
    html! {
        article.comment id={ "comment-" (comment.id) } {
            header { (avatar(&comment.author_name)) strong { (comment.author_name) } " · " (when(tr, comment.created_at))
                @if comment.edited_at.is_some() { " · " em { (tr.t("comment-edited")) } } }
            @if comment.deleted {
                p.muted { (tr.t("comment-deleted")) }
            } @else if comment.hidden && !moderator {
                p.muted { (tr.t("comment-hidden")) }
            } @else {
                div lang=[comment.language.map(|l| l.as_str()).or_else(|| ideaforge_app::language_tag(&comment.body))] { (markdown::render(&comment.body)) }
                @if viewer.is_some() {
                    footer.comment-actions {
                        @if own {
                            details {
                                summary { (tr.t("comment-edit")) }
                                form method="post" action={ "/comments/" (comment.id) "/edit" } {
                                    textarea name="body" rows="3" maxlength="5000" aria-label=(tr.t("comment-edit")) required { (comment.body) }
                                    button type="submit" { (tr.t("comment-save")) }
                                }
                            }
                        }
                        @if own || moderator {
                            form.inline method="post" action={ "/comments/" (comment.id) "/delete" } {
                                button.secondary.outline type="submit" { (tr.t("comment-delete")) }
                            }
                        }
                        @if !own {
                            form.inline method="post" action={ "/comments/" (comment.id) "/flag" } {
                                button.secondary.outline type="submit" { (tr.t("comment-flag")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An idea's page.
pub fn idea_page(chrome: &Chrome<'_>, page: &IdeaPage, comment_errors: &FieldErrors) -> Markup {
    let tr = chrome.tr;
    let idea = &page.idea;
    let viewer = chrome.user.map(|u| u.id);
    let moderator = chrome.user.is_some_and(|u| u.role.can_moderate());
    let author = viewer.is_some_and(|v| idea.is_author(v));
    let manager_moves: Vec<Stage> =
        idea.stage.moves().iter().filter(|(_, m)| *m == Mover::Manager).map(|(s, _)| *s).collect();
    let can_withdraw = author && idea.stage.moves().contains(&(Stage::Withdrawn, Mover::Author));
    let top_level: Vec<&Comment> = page.comments.iter().filter(|c| c.parent.is_none()).collect();
    // The recorded language; the detector's reading for ideas written before it was recorded.
    let lang = idea.content.language.map(|l| l.as_str()).or_else(|| {
        let content = &idea.content;
        ideaforge_app::language_tag(&format!(
            "{} {} {}",
            content.title,
            content.summary.as_str(),
            content.body.as_str()
        ))
    });
    let mut meta = Meta::new(format!("/ideas/{}", idea.id), idea.content.summary.as_str());
    let feed_title = tr.t_with("feed-idea-stages", &[("idea", idea.content.title.as_str())]);
    meta.feed = Some((format!("/ideas/{}/stages.atom", idea.id), feed_title));
    layout_with(
        chrome,
        idea.content.title.as_str(),
        &meta,
        html! {
            article.idea {
                header.idea-header {
                    div.vote-slot aria-live="polite" {
                        @if let Some(refused) = page.vote_refused {
                            (vote_count(tr, idea.votes, &refusal_text(tr, refused)))
                        } @else {
                            (vote_widget(tr, idea.id, idea.content.title.as_str(), idea.votes, page.voted, chrome.user.is_some()))
                        }
                    }
                    hgroup lang=[lang] {
                        h1 { (idea.content.title.as_str()) }
                        p { (idea.content.summary.as_str()) }
                    }
                }
                p.byline {
                    span #stage { (stage_badge(tr, idea.stage)) } " · "
                    @for author in &idea.authors { (avatar(author.name.as_str())) }
                    (tr.t("idea-by")) " " (idea.authors.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", "))
                    " · " (chrome.category(idea.content.category.as_str()))
                    @if let Some(contest) = &page.contest {
                        " · " a href={ "/contests/" (contest.id) } { (contest.title.as_str()) }
                    }
                }
                @if let Some(target) = idea.duplicate_of {
                    p.notice { (tr.t("idea-merged-into")) " " a href={ "/ideas/" (target) } { "#" (target) } }
                }
                section.body lang=[lang] { (markdown::render(idea.content.body.as_str())) }
                @if !idea.content.tags.as_slice().is_empty() {
                    p.tags { @for tag in idea.content.tags.as_slice() { span.tag { "#" (tag.as_str()) } " " } }
                }
                footer.idea-actions {
                    a href={ "/ideas/" (idea.id) "/history" } { (tr.t_with("idea-history-link", &[("revision", &idea.revision.to_string())])) }
                    @if chrome.user.is_some() {
                        " "
                        form.inline method="post" action={ "/ideas/" (idea.id) "/follow" } {
                            input type="hidden" name="on" value=(if page.following { "0" } else { "1" });
                            button.secondary.outline type="submit" { (tr.t(if page.following { "unfollow" } else { "follow" })) }
                        }
                    }
                    @if author && idea.stage.is_editable() {
                        " " a role="button" .secondary href={ "/ideas/" (idea.id) "/edit" } { (tr.t("idea-edit")) }
                    }
                }
            }
            @if can_withdraw {
                details {
                    summary { (tr.t("idea-withdraw")) }
                    form method="post" action={ "/ideas/" (idea.id) "/stage" } {
                        input type="hidden" name="to" value="withdrawn";
                        label { (tr.t("field-reason")) input type="text" name="reason" maxlength="500" required; }
                        button.secondary type="submit" { (tr.t("idea-withdraw")) }
                    }
                }
            }
            @if page.can_manage && !manager_moves.is_empty() {
                section #manage {
                    h2 { (tr.t("idea-move-stage")) }
                    form method="post" action={ "/ideas/" (idea.id) "/stage" } {
                        div.grid {
                            label for="move-to" {
                                (tr.t("field-stage"))
                                select #move-to name="to" {
                                    @for stage in &manager_moves { option value=(stage.as_str()) { (stage_label(tr, *stage)) } }
                                }
                            }
                            label for="move-duplicate-of" {
                                (tr.t("field-duplicate-of"))
                                input #move-duplicate-of type="number" name="duplicate_of" min="1";
                            }
                        }
                        label for="move-reason" {
                            (tr.t("field-reason"))
                            input #move-reason type="text" name="reason" maxlength="500" required;
                        }
                        button type="submit" { (tr.t("idea-move-submit")) }
                    }
                }
            }
            (super::funding::funding_section(chrome, idea.id, &page.funding, comment_errors))
            (super::rights::rights_section(tr, idea.id, idea.stage, &page.rights, comment_errors))
            @if !page.similar.is_empty() {
                section #similar {
                    h2 { (tr.t("similar-on-page")) }
                    ul {
                        @for hit in &page.similar {
                            li { a href={ "/ideas/" (hit.id) } { (hit.title) } " " small { "▲ " (hit.votes) } }
                        }
                    }
                }
            }
            section #timeline {
                h2 { (tr.t("idea-timeline")) }
                ol {
                    li { (when(tr, idea.created_at)) " · " (tr.t("timeline-submitted")) }
                    @for change in &page.timeline {
                        li {
                            (when(tr, change.at)) " · " (stage_label(tr, change.from)) " → " strong { (stage_label(tr, change.to)) }
                            @match &change.by {
                                MovedBy::Member { name, reason } => { " · " (name) ": " q { (reason) } }
                                MovedBy::Votes { threshold } => {
                                    " · " (tr.t_with("timeline-by-votes", &[("count", &threshold.to_string())]))
                                }
                            }
                        }
                    }
                }
            }
            section #comments {
                h2 { (tr.t_with("comments-title", &[("count", &page.comments.len().to_string())])) }
                @for comment in &top_level {
                    (comment_view(tr, comment, viewer, moderator))
                    div.replies {
                        @for reply in page.comments.iter().filter(|c| c.parent == Some(comment.id)) {
                            (comment_view(tr, reply, viewer, moderator))
                        }
                        @if chrome.user.is_some() && !comment.deleted {
                            details {
                                summary { (tr.t("comment-reply")) }
                                form method="post" action={ "/ideas/" (idea.id) "/comments" } {
                                    input type="hidden" name="parent_id" value=(comment.id);
                                    textarea name="body" rows="2" maxlength="5000" aria-label=(tr.t("comment-reply")) required {}
                                    button type="submit" { (tr.t("comment-reply")) }
                                }
                            }
                        }
                    }
                }
                @if chrome.user.is_some() {
                    (form_errors(tr, comment_errors))
                    form #new-comment method="post" action={ "/ideas/" (idea.id) "/comments" } {
                        (TextArea::new(tr, "body", "field-comment", comment_errors).max(5_000).rows(4).hint(tr.t("field-markdown-hint")))
                        button type="submit" { (tr.t("comment-post")) }
                    }
                } @else {
                    p { a href={ "/signin?next=/ideas/" (idea.id) } { (tr.t("comment-sign-in")) } }
                }
            }
        },
    )
}

/// An idea's revision history.
pub fn history(chrome: &Chrome<'_>, idea_id: IdeaId, title: &str, revisions: &[Revision]) -> Markup {
    let tr = chrome.tr;
    let heading = tr.t_with("history-title", &[("title", title)]);
    layout(
        chrome,
        &heading,
        html! {
            h1 { (heading) }
            p { a href={ "/ideas/" (idea_id) } { (tr.t("history-back")) } }
            @for revision in revisions {
                article.revision {
                    header {
                        strong { (tr.t_with("history-revision", &[("revision", &revision.revision.to_string())])) }
                        " · " (revision.editor_name) " · " (when(tr, revision.created_at))
                    }
                    h3 { (revision.title) }
                    p { em { (revision.summary) } }
                    (markdown::render(&revision.body))
                }
            }
        },
    )
}
