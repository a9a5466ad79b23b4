//! The language of what people write, recorded with it: the author's choice when they made one,
//! else what the search adapter's detector reads in the words; nothing when neither tells.

use ideaforge_domain::ContentLanguage;
use ideaforge_domain::challenge::NewChallenge;
use ideaforge_domain::idea::IdeaContent;

/// The language the detector is confident of in Markdown's words (not its marks, links or code),
/// if it is one content may be recorded in.
pub(crate) fn detected(markdown: &str) -> Option<ContentLanguage> {
    let words = ideaforge_search::plain::text(markdown);
    ideaforge_search::analysis::language_tag(&words).and_then(|tag| tag.parse().ok())
}

/// The words an idea's language is read from: its title, summary and body.
fn idea_words(content: &IdeaContent) -> String {
    format!("{}\n\n{}\n\n{}", content.title.as_str(), content.summary.as_str(), content.body.as_str())
}

/// The words a challenge's language is read from: its title and public statement (never the
/// confidential details, so the language never says more than the public text).
fn challenge_words(title: &str, statement: &str) -> String {
    format!("{title}\n\n{statement}")
}

/// An idea's content with its language: chosen, else detected from its words.
pub(crate) fn idea(content: &IdeaContent) -> IdeaContent {
    let mut content = content.clone();
    if content.language.is_none() {
        content.language = detected(&idea_words(&content));
    }
    content
}

/// A challenge with its language: chosen, else detected from its public words.
pub(crate) fn challenge(new: &NewChallenge) -> NewChallenge {
    let mut new = new.clone();
    if new.language.is_none() {
        new.language = detected(&challenge_words(new.title.as_str(), new.statement.as_str()));
    }
    new
}

/// What an edit form shows as the author's choice: the recorded language when the words would not
/// say it (so the author chose it), else none ("detect it"), so that a text rewritten in another
/// language is detected anew rather than kept in the old one.
pub fn idea_choice(content: &IdeaContent) -> Option<ContentLanguage> {
    content.language.filter(|language| detected(&idea_words(content)) != Some(*language))
}

/// [`idea_choice`] for a challenge draft with this title and public statement.
pub fn challenge_choice(language: Option<ContentLanguage>, title: &str, statement: &str) -> Option<ContentLanguage> {
    language.filter(|language| detected(&challenge_words(title, statement)) != Some(*language))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(title: &str, summary: &str, body: &str) -> IdeaContent {
        IdeaContent::parse(title, summary, body, "kitchen", "").expect("idea")
    }

    #[test]
    fn the_authors_choice_wins_and_otherwise_the_words_tell() {
        let korean = content(
            "자전거 보관함",
            "지하철역마다 접이식 자전거 보관함을 설치하자는 아이디어입니다.",
            "비가 와도 안전하게 보관할 수 있습니다.",
        );
        assert_eq!(idea(&korean).language, Some(ContentLanguage::Korean));
        let italian = content(
            "Balconi con orto verticale",
            "Un sistema di vasi modulari da appendere alla ringhiera del balcone.",
            "Si ricarica d'acqua una volta alla settimana e fa crescere le erbe aromatiche tutto l'anno.",
        );
        assert_eq!(idea(&italian).language, Some(ContentLanguage::Italian));
        let mut chosen = italian.clone();
        chosen.language = Some(ContentLanguage::English);
        assert_eq!(idea(&chosen).language, Some(ContentLanguage::English), "a choice is never second-guessed");
        assert_eq!(idea(&content("OK", "👍", "?")).language, None, "too little to tell");
    }

    #[test]
    fn an_edit_form_shows_a_choice_only_where_the_words_would_not_tell() {
        let mut italian = content(
            "Balconi con orto verticale",
            "Un sistema di vasi modulari da appendere alla ringhiera del balcone.",
            "Si ricarica d'acqua una volta alla settimana e fa crescere le erbe aromatiche tutto l'anno.",
        );
        italian.language = Some(ContentLanguage::Italian);
        assert_eq!(idea_choice(&italian), None, "detected: the form offers detection again");
        italian.language = Some(ContentLanguage::Spanish);
        assert_eq!(idea_choice(&italian), Some(ContentLanguage::Spanish), "chosen against the words: kept");
    }
}
