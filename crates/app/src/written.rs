//! The language of what people write, recorded with it: the author's choice when they made one,
//! else what the search adapter's detector reads in the words; nothing when neither tells.

use ideaforge_domain::ContentLanguage;
use ideaforge_domain::challenge::NewChallenge;
use ideaforge_domain::idea::IdeaContent;

/// The language the detector is confident of, if it is one content may be recorded in.
pub(crate) fn detected(text: &str) -> Option<ContentLanguage> {
    ideaforge_search::analysis::language_tag(text).and_then(|tag| tag.parse().ok())
}

/// An idea's content with its language: chosen, else detected from its title, summary and body.
pub(crate) fn idea(content: &IdeaContent) -> IdeaContent {
    let mut content = content.clone();
    if content.language.is_none() {
        let text = format!("{} {} {}", content.title.as_str(), content.summary.as_str(), content.body.as_str());
        content.language = detected(&text);
    }
    content
}

/// A challenge with its language: chosen, else detected from its title and public statement (the
/// confidential details are not read, so the language never says more than the public text).
pub(crate) fn challenge(new: &NewChallenge) -> NewChallenge {
    let mut new = new.clone();
    if new.language.is_none() {
        new.language = detected(&format!("{} {}", new.title.as_str(), new.statement.as_str()));
    }
    new
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
}
