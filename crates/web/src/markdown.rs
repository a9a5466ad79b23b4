//! The one place user Markdown becomes HTML. Raw HTML in the source is shown as text, links keep
//! only safe schemes, and images become links, so the output can be trusted as markup.

use maud::{Markup, PreEscaped};
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
pub fn render(source: &str) -> Markup {
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
    PreEscaped(out.replace("<a href=", r#"<a rel="nofollow ugc noopener" href="#))
}

#[cfg(test)]
mod tests {
    use super::render;

    fn html(source: &str) -> String {
        render(source).into_string()
    }

    #[test]
    fn formatting_survives() {
        assert_eq!(html("**bold** and *em*"), "<p><strong>bold</strong> and <em>em</em></p>\n");
        assert!(html("- a\n- b").contains("<li>a</li>"));
    }

    #[test]
    fn raw_html_is_text() {
        let out = html("<script>alert(1)</script>\n\nhi <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script") && !out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn unsafe_links_are_neutralised() {
        for source in
            ["[x](javascript:alert(1))", "[x]( JaVaScRiPt:alert(1))", "[x](data:text/html,hi)", "![x](vbscript:y)"]
        {
            let out = html(source);
            assert!(out.contains(r##"href="#""##), "{source}: {out}");
            assert!(!out.to_lowercase().contains("script:"), "{source}: {out}");
        }
        let link = html("[ok](https://example.com/a?b#c)");
        assert!(link.contains(r#"<a rel="nofollow ugc noopener" href="https://example.com/a?b#c""#), "{link}");
        assert!(html("[rel](/ideas/1)").contains(r#"href="/ideas/1""#));
        assert!(!html("![img](https://example.com/x.png)").contains("<img"));
    }
}
