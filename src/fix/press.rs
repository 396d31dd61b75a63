//! Product names in press releases (`DESC005`, `DESC006`, `DESC009`): the current name to write
//! in the release's language, and whether the text a finding points at can be replaced in the
//! file as it stands (the prose is the source bytes themselves, with no markup, entity or code
//! in between; in a Word document, its paragraphs' text, replaced as tracked changes by
//! `crate::fix::docx`, which looks at the runs under the name when the fix is made).

use std::ops::Range;

use crate::press::{Form, Format, PressText};
use crate::text::names::{FORMS, Kind, NameForm};

/// The current name of `product` in `language` as the names table writes it, or the English name
/// where the table has no translation.
pub fn current_name(product: &'static str, language: Option<&str>) -> &'static str {
    language
        .and_then(|language| {
            FORMS.iter().find(|form| {
                form.kind == Kind::Localized
                    && form.product == product
                    && form.languages.contains(&language)
            })
        })
        .map_or(product, |form| form.text)
}

/// Words that are frequent in one language and rare in the others, to tell the language of a
/// release that names the product only in English forms.
const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &["the", "and", "with", "for", "of", "to", "is", "are", "our"],
    ),
    (
        "de",
        &[
            "und", "der", "die", "das", "mit", "für", "ist", "wir", "sie", "ein", "eine",
        ],
    ),
    (
        "fr",
        &[
            "et", "le", "la", "les", "des", "pour", "avec", "est", "une", "nous", "aux",
        ],
    ),
    (
        "es",
        &[
            "y", "el", "los", "las", "para", "con", "una", "del", "es", "nuestra",
        ],
    ),
    (
        "it",
        &[
            "il", "gli", "per", "con", "della", "che", "è", "una", "sono",
        ],
    ),
    (
        "nl",
        &[
            "en", "het", "van", "voor", "met", "een", "zijn", "wij", "ons",
        ],
    ),
    (
        "pt",
        &[
            "os", "para", "com", "uma", "do", "da", "não", "são", "nosso",
        ],
    ),
];

/// The language a release is written in, as far as the names table can tell: the language of a
/// translated form it matched, of a translated current name it already writes, of its script
/// (Korean, Japanese), or of its most frequent function words. `None` for English and for a
/// text too short to tell.
pub fn language(text: &PressText, form: &NameForm) -> Option<&'static str> {
    if let Some(language) = form.languages.iter().find(|language| **language != "en") {
        return Some(language);
    }
    *text.guessed_language.get_or_init(|| guess(text))
}

/// The language of the whole text, from its translated names, its script or its function words.
fn guess(text: &PressText) -> Option<&'static str> {
    if let Some(language) = text.mentions.iter().find_map(|mention| match mention.form {
        Form::Localized(_) => mention.entry.languages.first().copied(),
        _ => None,
    }) {
        return Some(language);
    }
    guess_prose(&text.content.text, 3)
}

/// The names table's language for a BCP 47 tag: its language subtag, and for Chinese the
/// script (written or implied by the region).
pub fn table_language(tag: &str) -> Option<&'static str> {
    let lower = tag.to_ascii_lowercase();
    let mut subtags = lower.split(['-', '_']);
    let language = subtags.next()?;
    if language == "zh" {
        let rest: Vec<&str> = subtags.collect();
        let traditional = rest.contains(&"hant")
            || (!rest.contains(&"hans") && rest.iter().any(|s| matches!(*s, "tw" | "hk" | "mo")));
        return Some(if traditional { "zh-Hant" } else { "zh-Hans" });
    }
    const LANGUAGES: &[&str] = &["en", "ko", "ja", "de", "fr", "es", "pt", "it", "nl"];
    LANGUAGES.iter().copied().find(|known| *known == language)
}

/// The language to write a manifest field's current name in: its table's language tag, else
/// the language of a translated form the field already uses, of the form being replaced, of its
/// script, or of its function words. `None` for English.
pub fn field_language(tag: Option<&str>, value: &str, form: &NameForm) -> Option<&'static str> {
    if let Some(tag) = tag {
        return table_language(tag).filter(|language| *language != "en");
    }
    if let Some(language) = form.languages.iter().find(|language| **language != "en") {
        return Some(language);
    }
    crate::text::names::find(value)
        .into_iter()
        .find(|found| found.form.kind == Kind::Localized)
        .and_then(|found| found.form.languages.first().copied())
        .filter(|language| *language != "en")
        // A field is one sentence: two function words tell.
        .or_else(|| guess_prose(value, 2))
}

/// The language of prose, from its script (Korean, Japanese) or `at_least` of its function words.
fn guess_prose(prose: &str, at_least: usize) -> Option<&'static str> {
    if prose
        .chars()
        .any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    {
        return Some("ko");
    }
    if prose
        .chars()
        .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c))
    {
        return Some("ja");
    }
    let mut counts = [0usize; FUNCTION_WORDS.len()];
    for word in prose
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
    {
        let word = word.to_lowercase();
        for (index, (_, words)) in FUNCTION_WORDS.iter().enumerate() {
            if words.contains(&word.as_str()) {
                counts[index] += 1;
            }
        }
    }
    let (best, count) = counts
        .iter()
        .enumerate()
        .max_by_key(|(index, count)| (**count, std::cmp::Reverse(*index)))?;
    let language = FUNCTION_WORDS[best].0;
    (*count >= at_least && language != "en").then_some(language)
}

/// Whether prose `range` of `text` can be replaced in the file: a Markdown or plain-text release
/// whose source bytes at the mapped span read exactly as the prose (white space aside), so no
/// markup, character reference, code span or front matter is inside what is replaced; or a
/// Word release, whose text is its paragraphs (the fix refuses a name whose runs it cannot
/// change cleanly, and says why).
pub fn replaceable(text: &PressText, range: Range<usize>) -> bool {
    if text.format == Format::Docx {
        return text
            .content
            .text
            .get(range)
            .is_some_and(|name| !name.is_empty());
    }
    if !matches!(text.format, Format::Markdown | Format::Text) {
        return false;
    }
    let Some(prose) = text.content.text.get(range.clone()) else {
        return false;
    };
    let span = text.source_span(range);
    let Some(source) = text.source.text.get(span) else {
        return false;
    };
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    !source.is_empty() && words(source) == words(prose) && !source.contains('\\')
}

/// The replacement for a former name or an abbreviation at prose `range`: the current name in the
/// release's language, when the text there can be replaced.
pub fn renamed(text: &PressText, range: Range<usize>, form: &NameForm) -> Option<&'static str> {
    replaceable(text, range).then(|| current_name(form.product, language(text, form)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(format: Format, source: &str) -> PressText {
        let name = match format {
            Format::Markdown => "release.md",
            Format::Text => "release.txt",
            Format::Html => "release.html",
            Format::Docx => "release.docx",
        };
        let file = crate::manifest::LoadedFile {
            relative: format!("press/{name}"),
            path: format!("press/{name}").into(),
            bytes: source.as_bytes().to_vec(),
        };
        match crate::press::read(&file) {
            crate::press::Content::Read(text) => *text,
            other => panic!("not read: {other:?}"),
        }
    }

    fn first_renamed(format: Format, source: &str) -> Option<&'static str> {
        let text = press(format, source);
        let found = crate::text::names::find(&text.content.text)
            .into_iter()
            .find(|found| matches!(found.form.kind, Kind::Former | Kind::Abbreviation))?;
        renamed(&text, found.range, found.form)
    }

    #[test]
    fn the_current_name_is_written_in_the_release_language() {
        assert_eq!(
            first_renamed(Format::Text, "We extend MDE with the new connector."),
            Some("Microsoft Defender for Endpoint")
        );
        assert_eq!(
            first_renamed(
                Format::Text,
                "Wir erweitern MDE und die Plattform mit der neuen Integration für Kunden."
            ),
            Some("Microsoft Defender für Endpunkt")
        );
        assert_eq!(
            first_renamed(
                Format::Text,
                "Nous étendons MDE avec le connecteur pour les équipes et la plateforme."
            ),
            Some("Microsoft Defender pour point de terminaison")
        );
        assert_eq!(
            first_renamed(Format::Text, "당사는 MDE와 통합합니다."),
            Some("엔드포인트용 Microsoft Defender")
        );
        assert_eq!(
            first_renamed(Format::Text, "Windows Defender 高级威胁防护"),
            Some("适用于终结点的 Microsoft Defender")
        );
    }

    #[test]
    fn markup_inside_the_name_is_not_replaced() {
        assert_eq!(
            first_renamed(Format::Markdown, "Use *Microsoft Defender ATP* today."),
            Some("Microsoft Defender for Endpoint")
        );
        assert_eq!(
            first_renamed(
                Format::Markdown,
                "Use [MDE](https://example.com/MDE) today."
            ),
            Some("Microsoft Defender for Endpoint")
        );
        assert_eq!(
            first_renamed(Format::Markdown, "Use Microsoft\nDefender ATP today."),
            Some("Microsoft Defender for Endpoint")
        );
        assert_eq!(
            first_renamed(Format::Markdown, "Use **Microsoft Defender** ATP today."),
            None
        );
        assert_eq!(
            first_renamed(Format::Markdown, "Use Microsoft&#32;Defender ATP today."),
            None
        );
        assert_eq!(first_renamed(Format::Html, "<p>Use MDE today.</p>"), None);
    }
}
