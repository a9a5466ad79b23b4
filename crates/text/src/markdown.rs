//! The one place user Markdown becomes HTML. Raw HTML in the source is shown as text, links keep
//! only safe schemes, and images become links, so the output can be trusted as markup.
//! [`outside_allowlist`] states what the output may contain; a property test and the fuzz target
//! `markdown` hold the renderer to it.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

fn safe_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once(':') {
        // A colon before any slash, question mark or hash is a scheme.
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => matches!(scheme, "http" | "https" | "mailto"),
        _ => true,
    }
}

/// Renders Markdown to sanitised HTML.
pub fn render(source: &str) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            let dest_url = if safe_url(&dest_url) { dest_url } else { CowStr::Borrowed("#") };
            Event::Start(Tag::Link { link_type, dest_url, title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        other => other,
    });
    let mut out = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut out, events);
    // The events above carry no raw HTML and no unsafe URL; pulldown-cmark escapes all text. Every
    // `<a ` left is a Markdown link, so members' links earn no search ranking and leak no opener.
    out.replace("<a href=", r#"<a rel="nofollow ugc noopener" href="#)
}

/// The tags the renderer may emit.
const TAGS: [&str; 30] = [
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "input",
    "sup",
    "div",
    "span",
    "section",
];

/// The attributes the renderer may emit, with the tags that may carry them.
const ATTRIBUTES: [(&str, &str); 10] = [
    ("a", "href"),
    ("a", "rel"),
    ("a", "title"),
    ("ol", "start"),
    ("th", "style"),
    ("td", "style"),
    ("input", "type"),
    ("input", "disabled"),
    ("input", "checked"),
    ("code", "class"),
];

/// What in `html` is outside the renderer's allowlist: a tag or attribute it may not emit, a link
/// with an unsafe scheme, or a `style` other than a table cell's alignment. Empty when all is well.
pub fn outside_allowlist(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        let after = &rest[at + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        rest = &after[end..];
        let tag = tag.strip_prefix('/').unwrap_or(tag).trim_end_matches('/').trim();
        let name: String = tag.chars().take_while(char::is_ascii_alphanumeric).collect();
        if !TAGS.contains(&name.as_str()) {
            found.push(format!("tag <{tag}>"));
            continue;
        }
        for (attribute, value) in attributes(&tag[name.len()..]) {
            if !ATTRIBUTES.contains(&(name.as_str(), attribute.as_str())) {
                found.push(format!("attribute {attribute} on <{name}>"));
            } else if attribute == "href" && !safe_url(&unescape(&value)) {
                found.push(format!("link to {value}"));
            } else if attribute == "style"
                && !matches!(value.as_str(), "text-align: left" | "text-align: center" | "text-align: right")
            {
                found.push(format!("style {value}"));
            }
        }
    }
    found
}

/// The `name="value"` pairs of a tag's text (pulldown-cmark always quotes with `"`).
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let name: String = rest.chars().take_while(|c| !c.is_whitespace() && *c != '=').collect();
        rest = rest[name.len()..].trim_start();
        let mut value = String::new();
        if let Some(quoted) = rest.strip_prefix("=\"") {
            value = quoted.split('"').next().unwrap_or_default().to_owned();
            rest = quoted.get(value.len() + 1..).unwrap_or_default().trim_start();
        }
        if name.is_empty() {
            break;
        }
        pairs.push((name.to_ascii_lowercase(), value));
    }
    pairs
}

/// The entities pulldown-cmark writes in attribute values, undone before a URL is judged.
fn unescape(value: &str) -> String {
    value.replace("&amp;", "&").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{outside_allowlist, render};

    #[test]
    fn formatting_survives() {
        assert_eq!(render("**bold** and *em*"), "<p><strong>bold</strong> and <em>em</em></p>\n");
        assert!(render("- a\n- b").contains("<li>a</li>"));
    }

    #[test]
    fn raw_html_is_text() {
        let out = render("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script") && !out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn unsafe_links_are_neutralised() {
        for source in
            ["[x](javascript:alert(1))", "[x]( JaVaScRiPt:alert(1))", "[x](data:text/html,hi)", "![x](vbscript:y)"]
        {
            let out = render(source);
            assert!(out.contains(r##"href="#""##), "{source}: {out}");
            assert!(!out.to_lowercase().contains("script:"), "{source}: {out}");
        }
        let link = render("[ok](https://example.com/a?b#c)");
        assert!(link.contains(r#"<a rel="nofollow ugc noopener" href="https://example.com/a?b#c""#), "{link}");
        assert!(render("[rel](/ideas/1)").contains(r#"href="/ideas/1""#));
        assert!(!render("![img](https://example.com/x.png)").contains("<img"));
    }

    #[test]
    fn the_allowlist_check_sees_what_it_must() {
        assert!(
            outside_allowlist(&render("# T\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n\n```rust\nx\n```"))
                .is_empty()
        );
        assert_eq!(outside_allowlist("<script>x</script>").len(), 2);
        assert_eq!(outside_allowlist(r#"<a href="javascript:x">y</a>"#), vec!["link to javascript:x"]);
        assert_eq!(outside_allowlist(r#"<p onclick="x">y</p>"#), vec!["attribute onclick on <p>"]);
    }

    /// Markdown-ish text: the characters that make structure, and the words that make attacks.
    fn markdownish() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "[",
            "]",
            "(",
            ")",
            "!",
            "<",
            ">",
            "\"",
            "'",
            "`",
            "*",
            "_",
            "#",
            "|",
            "-",
            ":",
            "\n",
            " ",
            "&",
            ";",
            "javascript:",
            "data:",
            "&#106;",
            "<script>",
            "<img src=x onerror=y>",
            "http://a.example/",
            "x",
            "\\",
            "<a href=",
            "style=",
            "- [ ] ",
            "```",
            "    ",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        #[test]
        fn the_renderer_never_leaves_its_allowlist(source in markdownish()) {
            let html = render(&source);
            prop_assert!(outside_allowlist(&html).is_empty(), "{source:?} → {html}: {:?}", outside_allowlist(&html));
        }

        #[test]
        fn nor_for_any_text(source in "\\PC{0,200}") {
            let html = render(&source);
            prop_assert!(outside_allowlist(&html).is_empty(), "{source:?} → {html}");
        }
    }
}
