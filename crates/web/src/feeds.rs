//! Atom feeds (RFC 4287) of what anyone may follow in a feed reader: the public contests, a
//! contest's newest ideas, the open challenges and an idea's stage changes. Each holds what its
//! page shows the same reader (a hidden contest's feed is as hidden as its page; a challenge gives
//! its public statement only, and no anonymous seeker's name), in the reader's language. The pages
//! link to them in their head (`<link rel="alternate" type="application/atom+xml">`).

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use ideaforge_app::{ChallengeListFilter, plain_text};
use ideaforge_domain::challenge::Status;
use ideaforge_domain::idea::{IdeaFilter, IdeaSort, ListAt, MovedBy};
use ideaforge_domain::{ContestId, IdeaId};
use time::OffsetDateTime;

use crate::components::cards::stage_label;
use crate::components::time::rfc3339;
use crate::error::WebError;
use crate::extract::Path;
use crate::routes::Pages;
use crate::session::PageCtx;
use crate::state::AppState;

/// The feeds' routes.
pub fn pages() -> Pages {
    Pages::new()
        .get("/contests.atom", contests)
        .get("/contests/{id}/ideas.atom", contest_ideas)
        .get("/challenges.atom", challenges)
        .get("/ideas/{id}/stages.atom", idea_stages)
}

/// The most entries a feed holds (the newest); a contest's ideas feed holds its newest page (20).
const LIMIT: usize = 50;

/// One entry of a feed.
struct Entry {
    /// Its permanent address (the page it stands for, with a fragment where one page has several).
    id: String,
    title: String,
    updated: OffsetDateTime,
    /// The page it stands for, from the site's root.
    link: String,
    summary: String,
    author: Option<String>,
    /// The language of its title and summary, when known; an entry without one is marked as of
    /// unknown language (`xml:lang=""`), not as the reader's.
    lang: Option<&'static str>,
}

/// A feed: its own address and its page's, from the site's root.
struct Feed {
    path: String,
    page: String,
    title: String,
    entries: Vec<Entry>,
}

/// Text safe inside an XML element or a quoted attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Only the characters XML 1.0 allows (no other control characters, no U+FFFE or U+FFFF,
            // which text people typed may hold): one such character would make the whole feed unreadable.
            c if matches!(c, '\t' | '\n' | '\r' | ' '..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..) => {
                out.push(c)
            }
            _ => {}
        }
    }
    out
}

/// The first words of a text, at most 300 characters.
fn excerpt(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", line[..at].trim_end()),
        None => line,
    }
}

impl Feed {
    /// The document, in the reader's language `lang`; `now` dates a feed without entries.
    fn render(&self, ctx: &PageCtx, now: OffsetDateTime) -> String {
        let origin = &ctx.origin;
        let updated = self.entries.iter().map(|e| e.updated).max().unwrap_or(now);
        let site = escape(&ctx.tr.t("site-name"));
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
             <id>{origin}{path}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
             <link rel=\"self\" type=\"application/atom+xml\" href=\"{origin}{path}\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{origin}{page}\"/>\n\
             <author><name>{site}</name><uri>{origin}/</uri></author>\n<generator>{site}</generator>\n",
            ctx.tr.lang(),
            path = escape(&self.path),
            page = escape(&self.page),
            title = escape(&self.title),
            updated = rfc3339(updated),
        );
        for entry in &self.entries {
            let lang = format!(" xml:lang=\"{}\"", entry.lang.unwrap_or_default());
            xml.push_str(&format!(
                "<entry{lang}>\n<id>{origin}{id}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
                 <link rel=\"alternate\" type=\"text/html\" href=\"{origin}{link}\"/>\n",
                id = escape(&entry.id),
                title = escape(&entry.title),
                updated = rfc3339(entry.updated),
                link = escape(&entry.link),
            ));
            if let Some(author) = &entry.author {
                xml.push_str(&format!("<author><name>{}</name></author>\n", escape(author)));
            }
            if !entry.summary.is_empty() {
                xml.push_str(&format!("<summary>{}</summary>\n", escape(&entry.summary)));
            }
            xml.push_str("</entry>\n");
        }
        xml.push_str("</feed>\n");
        xml
    }

    fn response(&self, ctx: &PageCtx, now: OffsetDateTime) -> Response {
        ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], self.render(ctx, now)).into_response()
    }
}

/// `GET /contests.atom`: the public contests, newest first.
async fn contests(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let contests = state.app.public_contests(LIMIT as u64).await?;
    let entries = contests
        .iter()
        .map(|c| Entry {
            id: format!("/contests/{}", c.id),
            title: c.title.as_str().to_owned(),
            updated: c.approved_at.unwrap_or(c.created_at),
            link: format!("/contests/{}", c.id),
            summary: excerpt(&plain_text(c.brief.as_str())),
            author: Some(c.org.name.as_str().to_owned()),
            lang: ideaforge_app::language_tag(&format!("{} {}", c.title.as_str(), c.brief.as_str())),
        })
        .collect();
    let feed =
        Feed { path: "/contests.atom".into(), page: "/contests".into(), title: ctx.tr.t("feed-contests"), entries };
    Ok(feed.response(&ctx, state.app.now()))
}

/// `GET /contests/{id}/ideas.atom`: a contest's newest ideas, for whoever may see the contest.
async fn contest_ideas(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<ContestId>,
) -> Result<Response, WebError> {
    let page =
        state.app.contest_page(ctx.user.as_ref(), id, IdeaFilter::default(), IdeaSort::New, ListAt::First).await?;
    let entries = page
        .ideas
        .cards
        .iter()
        .map(|card| Entry {
            id: format!("/ideas/{}", card.id),
            title: card.title.clone(),
            updated: card.created_at,
            link: format!("/ideas/{}", card.id),
            summary: card.summary.clone(),
            author: Some(card.author_name.clone()),
            lang: card
                .language
                .map(|l| l.as_str())
                .or_else(|| ideaforge_app::language_tag(&format!("{} {}", card.title, card.summary))),
        })
        .collect();
    let title = ctx.tr.t_with("feed-contest-ideas", &[("contest", page.contest.title.as_str())]);
    let feed =
        Feed { path: format!("/contests/{id}/ideas.atom"), page: format!("/contests/{id}?sort=new"), title, entries };
    Ok(feed.response(&ctx, state.app.now()))
}

/// `GET /challenges.atom`: the challenges open to solvers, newest first: their public statements
/// only, and an anonymous seeker as such.
async fn challenges(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, WebError> {
    let filter = ChallengeListFilter { status: Some(Status::Open), ..ChallengeListFilter::default() };
    let mut cards = state.app.list_challenges(&filter).await?;
    cards.sort_by_key(|c| std::cmp::Reverse(c.opened_at));
    let anonymous = ctx.tr.t("challenge-anonymous-seeker");
    let entries = cards
        .iter()
        .take(LIMIT)
        .map(|c| Entry {
            id: format!("/challenges/{}", c.id),
            title: c.title.clone(),
            updated: c.opened_at.unwrap_or(c.deadline),
            link: format!("/challenges/{}", c.id),
            summary: excerpt(&plain_text(c.statement.as_str())),
            author: Some(c.seeker.clone().unwrap_or_else(|| anonymous.clone())),
            lang: c.language.map(|l| l.as_str()),
        })
        .collect();
    let title = ctx.tr.t("feed-challenges");
    let feed = Feed { path: "/challenges.atom".into(), page: "/challenges?status=open".into(), title, entries };
    Ok(feed.response(&ctx, state.app.now()))
}

/// `GET /ideas/{id}/stages.atom`: an idea's stage changes, newest first, for whoever may see it.
async fn idea_stages(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(id): Path<IdeaId>,
) -> Result<Response, WebError> {
    let (idea, timeline) = state.app.idea_timeline(ctx.user.as_ref(), id).await?;
    let tr = &ctx.tr;
    let entries = timeline
        .iter()
        .enumerate()
        .rev()
        .take(LIMIT)
        .map(|(n, change)| Entry {
            id: format!("/ideas/{id}#stage-{}", n + 1),
            title: tr.t_with(
                "feed-stage-change",
                &[("from", &stage_label(tr, change.from)), ("to", &stage_label(tr, change.to))],
            ),
            updated: change.at,
            link: format!("/ideas/{id}#timeline"),
            summary: match &change.by {
                MovedBy::Member { reason, .. } => reason.clone(),
                MovedBy::Votes { threshold } => tr.t_with("timeline-by-votes", &[("count", &threshold.to_string())]),
            },
            author: match &change.by {
                MovedBy::Member { name, .. } => Some(name.clone()),
                MovedBy::Votes { .. } => None,
            },
            lang: None,
        })
        .collect();
    let title = tr.t_with("feed-idea-stages", &[("idea", idea.content.title.as_str())]);
    let feed = Feed { path: format!("/ideas/{id}/stages.atom"), page: format!("/ideas/{id}"), title, entries };
    Ok(feed.response(&ctx, state.app.now()))
}
