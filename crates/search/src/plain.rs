//! The text of Markdown, as indexed and shown in snippets: the words people read on the page,
//! without the marks that format them (`**`, `#`, link targets).

use pulldown_cmark::{Event, Parser, TagEnd};

/// The readable text of `markdown`: blocks and line breaks become one space each.
pub fn text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let gap = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                out.push_str(&text);
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => gap(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell,
            ) => gap(&mut out),
            _ => {}
        }
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn markdown_reads_as_its_words() {
        assert_eq!(text("This kettle is **washable** and _quiet_."), "This kettle is washable and quiet.");
        assert_eq!(
            text("# Heading\n\nA [link](https://example.com) here.\n\n- one\n- two"),
            "Heading A link here. one two"
        );
        assert_eq!(text("`code` and <b>raw</b>"), "code and <b>raw</b>");
        assert_eq!(text(""), "");
    }
}
