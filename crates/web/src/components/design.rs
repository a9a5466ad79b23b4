//! The design system's small pieces, shared by every area: status badges in a handful of tones,
//! progress bars, phase steppers, avatars and empty states. Styles are in `static/app.css` under
//! the same class names.

use maud::{Markup, html};

use crate::i18n::Tr;

/// What a badge says about its status, as one of five colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Nothing decided yet (submitted, draft).
    Neutral,
    /// Open, taking part is possible.
    Open,
    /// Waiting for someone (pending, judging, shortlisted).
    Waiting,
    /// A good outcome (selected, awarded, succeeded).
    Good,
    /// Over without a good outcome (rejected, cancelled, failed).
    Ended,
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Self::Neutral => "badge tone-neutral",
            Self::Open => "badge tone-open",
            Self::Waiting => "badge tone-waiting",
            Self::Good => "badge tone-good",
            Self::Ended => "badge tone-ended",
        }
    }
}

/// A status badge.
pub fn badge(tone: Tone, text: &str) -> Markup {
    html! { span class=(tone.class()) { (text) } }
}

/// A progress bar with its figures in words beside it (`3 of 5 votes used`); `label` names the bar
/// for assistive technology.
pub fn progress(label: &str, value: u64, max: u64, text: &str) -> Markup {
    let max = max.max(1);
    html! {
        div.meter {
            progress value=(value.min(max)) max=(max) aria-label=(label) {}
            small { (text) }
        }
    }
}

/// Steps in order with the current one marked (`aria-current="step"`); steps before it are done.
/// `current` is `None` before the first step starts.
pub fn stepper(tr: &Tr, label: &str, steps: &[String], current: Option<usize>) -> Markup {
    html! {
        ol.stepper aria-label=(label) {
            @for (i, step) in steps.iter().enumerate() {
                @let state = match current {
                    Some(c) if i < c => "done",
                    Some(c) if i == c => "current",
                    _ => "todo",
                };
                li class=(state) aria-current=[(state == "current").then_some("step")] {
                    span.step-no aria-hidden="true" { (i + 1) }
                    span.step-name { (step) }
                    @if state == "done" { span.visually-hidden { " (" (tr.t("step-done")) ")" } }
                }
            }
        }
    }
}

/// A person's initials (two at most: the first letters of their first two words).
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).take(2).flat_map(char::to_uppercase).collect()
}

/// A round avatar with a person's initials, in one of eight colours chosen by the name (so the same
/// person always has the same one). Decorative: the name is always written beside it.
pub fn avatar(name: &str) -> Markup {
    let hue = name.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 8;
    html! { span class={ "avatar hue-" (hue) } aria-hidden="true" { (initials(name)) } }
}

/// An empty list: what is missing and, when the reader can change that, the one thing to do next.
pub fn empty(text: &str, action: Option<(&str, String)>) -> Markup {
    html! {
        div.empty-state {
            p { (text) }
            @if let Some((href, label)) = action {
                a role="button" class="secondary" href=(href) { (label) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Catalogs;

    #[test]
    fn initials_take_two_words_and_any_script() {
        assert_eq!(initials("ada lovelace byron"), "AL");
        assert_eq!(initials("Grace"), "G");
        assert_eq!(initials("김 민준"), "김민");
        assert_eq!(initials("  "), "");
    }

    #[test]
    fn the_stepper_marks_done_current_and_later_steps() {
        let tr = Catalogs::embedded().negotiate(None);
        let steps = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let html = stepper(&tr, "Phases", &steps, Some(1)).into_string();
        assert!(html.contains(r#"<li class="done">"#), "{html}");
        assert!(html.contains(r#"<li class="current" aria-current="step">"#), "{html}");
        assert!(html.contains(r#"<li class="todo">"#), "{html}");
        let before = stepper(&tr, "Phases", &steps, None).into_string();
        assert!(!before.contains("aria-current") && !before.contains("done"), "{before}");
    }

    #[test]
    fn progress_never_exceeds_its_maximum() {
        let html = progress("Votes", 9, 5, "9 of 5").into_string();
        assert!(html.contains(r#"value="5" max="5""#), "{html}");
        assert!(progress("Votes", 0, 0, "none").into_string().contains(r#"max="1""#));
    }
}
