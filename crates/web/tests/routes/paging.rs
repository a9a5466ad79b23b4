//! Idea lists page by position (keyset), on both engines: the "next" and "previous" links of a
//! contest page and of the open ideas carry the position of the page's last (first) idea, reach
//! every idea once and come back to the same pages; the API gives the same positions as `next` and
//! `previous`; a position that does not read as one is ignored, never an error.

use axum::http::{Method, StatusCode};
use ideaforge_domain::idea::IdeaContent;
use ideaforge_domain::{ContestId, Email};

use super::site;
use ideaforge_store::testing::Engine;

ideaforge_store::on_both_engines!(lists_page_by_position_forwards_and_back,);

/// The `href` of the link with `rel` on a page, if there is one.
fn link(page: &str, rel: &str) -> Option<String> {
    let at = page.find(&format!("rel=\"{rel}\""))?;
    let start = page[..at].rfind("href=\"")? + "href=\"".len();
    let end = start + page[start..].find('"')?;
    Some(page[start..end].replace("&amp;", "&"))
}

/// The idea ids a page links to, in order.
fn ideas_on(page: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for piece in page.split("href=\"/ideas/").skip(1) {
        let id: String = piece.chars().take_while(char::is_ascii_digit).collect();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

async fn lists_page_by_position_forwards_and_back(engine: Engine) {
    let site = site(engine).await;
    let (contest, _) = site.contest_with_ideas().await;
    let email = Email::parse("ines@example.com").expect("email");
    let (inventor, _) = site.app.store().user_with_password(&email).await.expect("read").expect("inventor");
    let contents: Vec<IdeaContent> = (0..43)
        .map(|i| IdeaContent::parse(&format!("Gadget {i}"), "Summary.", "Body.", "kitchen", "").expect("idea"))
        .collect();
    let id: ContestId = contest.parse().expect("id");
    site.app.import_ideas(&inventor, Some(id), &contents).await.expect("import");
    let total = 45;

    for sort in ["new", "top", "trending"] {
        let mut path = format!("/contests/{contest}?sort={sort}");
        let (mut pages, mut seen) = (Vec::new(), Vec::new());
        loop {
            let (status, page) = site.call(Method::GET, &path, "", None).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let ideas = ideas_on(&page);
            seen.extend(ideas.iter().cloned());
            pages.push((path.clone(), ideas));
            match link(&page, "next") {
                Some(next) => {
                    assert!(next.contains("after="), "{sort}: the next page goes by position: {next}");
                    path = format!("/contests/{contest}{next}");
                }
                None => break,
            }
        }
        assert_eq!(pages.len(), 3, "{sort}: 45 ideas make pages of 20, 20 and 5");
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!((seen.len(), unique.len()), (total, total), "{sort}: every idea once");
        // Back from the last page: the same pages again.
        let (_, last) = site.call(Method::GET, &pages[2].0, "", None).await;
        let previous = link(&last, "prev").expect("a previous page");
        let (_, second) = site.call(Method::GET, &format!("/contests/{contest}{previous}"), "", None).await;
        assert_eq!(ideas_on(&second), pages[1].1, "{sort}: page 2 again");
        let first = link(&second, "prev").expect("page 1");
        assert!(!first.contains("before="), "page 1 is the plain first page: {first}");
        let (_, first) = site.call(Method::GET, &format!("/contests/{contest}{first}"), "", None).await;
        assert_eq!(ideas_on(&first), pages[0].1, "{sort}: page 1 again");
        assert!(link(&first, "prev").is_none(), "nothing before page 1");
    }

    // The API: `next` and `previous` are the same positions.
    let (status, body) = site.json(Method::GET, &format!("/api/v1/ideas?contest={contest}&sort=new"), "", None).await;
    assert_eq!(status, StatusCode::OK);
    let next = body["next"].as_str().expect("a next position").to_owned();
    assert!(body["previous"].is_null() && body["more"] == true);
    let (_, second) =
        site.json(Method::GET, &format!("/api/v1/ideas?contest={contest}&sort=new&after={next}"), "", None).await;
    assert_eq!(second["ideas"].as_array().map(Vec::len), Some(20));
    assert_ne!(second["ideas"][0]["id"], body["ideas"][0]["id"]);
    let previous = second["previous"].as_str().expect("a previous position");
    let (_, again) =
        site.json(Method::GET, &format!("/api/v1/ideas?contest={contest}&sort=new&before={previous}"), "", None).await;
    assert_eq!(again["ideas"], body["ideas"], "back to the first page");

    // Whatever else `after` says is ignored: the page by its number.
    for junk in ["x", "-1", "1_2_3", "NaN_1", "%3Cscript%3E", "99999999999999999999"] {
        let (status, page) =
            site.call(Method::GET, &format!("/contests/{contest}?after={junk}&before={junk}"), "", None).await;
        assert_eq!(status, StatusCode::OK, "after={junk}");
        assert_eq!(ideas_on(&page).len(), 20, "after={junk}: the first page");
        let (status, _) =
            site.json(Method::GET, &format!("/api/v1/ideas?contest={contest}&after={junk}"), "", None).await;
        assert_eq!(status, StatusCode::OK, "API after={junk}");
    }
}
