//! Characters and grapheme clusters: what a reader sees, and what hides from them.

use icu_properties::props::{EmojiPresentation, GeneralCategory, Script};
use icu_properties::{CodePointMapData, CodePointSetData};
use unicode_segmentation::UnicodeSegmentation;

pub fn grapheme_count(text: &str) -> usize {
    text.graphemes(true).count()
}

/// Characters that change how text reads or renders without being seen: zero-width characters,
/// bidirectional controls (the "Trojan Source" family), soft hyphens and other format characters.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}'
    ) || CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Scripts that need the zero-width joiner and non-joiner to be spelled right (Persian's
/// نمی‌خواهم, Hindi's half forms, Sinhala's ligatures): there the two are letters' business.
fn joins_letters(script: Script) -> bool {
    [
        Script::Arabic,
        Script::Syriac,
        Script::Nko,
        Script::Mongolian,
        Script::Devanagari,
        Script::Bengali,
        Script::Gurmukhi,
        Script::Gujarati,
        Script::Oriya,
        Script::Tamil,
        Script::Telugu,
        Script::Kannada,
        Script::Malayalam,
        Script::Sinhala,
        Script::Myanmar,
        Script::Khmer,
        Script::Tibetan,
    ]
    .contains(&script)
}

/// Invisible characters that do not belong where they are: every one of [`is_invisible`], but
/// a zero-width joiner or non-joiner between two letters of a script that spells with them,
/// and a zero-width joiner inside an emoji sequence.
pub fn stray_invisibles(text: &str) -> Vec<(usize, char)> {
    let scripts = CodePointMapData::<Script>::new();
    let presentation = CodePointSetData::new::<EmojiPresentation>();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| is_invisible(*c))
        .filter(|(index, (_, c))| {
            let before = index
                .checked_sub(1)
                .and_then(|at| chars.get(at))
                .map(|(_, c)| *c);
            let after = chars.get(index + 1).map(|(_, c)| *c);
            let (Some(before), Some(after)) = (before, after) else {
                return true;
            };
            let categories = CodePointMapData::<GeneralCategory>::new();
            let letter = |c: char| {
                c.is_alphabetic()
                    || matches!(
                        categories.get(c),
                        GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
                    )
            };
            let joined_letters = matches!(c, '\u{200C}' | '\u{200D}')
                && letter(before)
                && letter(after)
                && joins_letters(scripts.get(before))
                && joins_letters(scripts.get(after));
            let emoji = |c: char| presentation.contains(c) || c == '\u{FE0F}';
            let emoji_sequence = *c == '\u{200D}' && emoji(before) && emoji(after);
            !joined_letters && !emoji_sequence
        })
        .map(|(_, found)| *found)
        .collect()
}

/// Scripts written without spaces between words, where a line break or a zero-width space
/// between two characters stands for nothing at all.
fn unspaced(c: char) -> bool {
    matches!(
        CodePointMapData::<Script>::new().get(c),
        Script::Han | Script::Hiragana | Script::Katakana | Script::Thai | Script::Lao
    ) || is_cjk_mark(c)
}

/// What a text field should read once its white space is tidied, for `NAME003` and `DESC007`:
/// stray invisible and control characters removed (a zero-width space becomes a space, or
/// nothing between two characters of a script written without spaces), runs of spaces, tabs
/// and line breaks made one space (nothing where a line break falls inside Chinese, Japanese
/// or Thai text), the ends trimmed. A `name` also has every other white space (a no-break
/// space, an ideographic space) made a plain space; a description keeps those.
pub fn tidy(text: &str, name: bool) -> String {
    let stray: Vec<usize> = stray_invisibles(text)
        .into_iter()
        .map(|(at, _)| at)
        .collect();
    // First the characters, each kept, dropped or turned into a space; `true` marks a space
    // that stands for a line break or a zero-width space.
    let mut kept: Vec<(char, bool)> = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        if c == '\u{200B}' {
            kept.push((' ', true));
        } else if stray.binary_search(&at).is_ok() || (c.is_control() && !c.is_whitespace()) {
            // Dropped.
        } else if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            kept.push((' ', true));
        } else if c == '\t' || (name && c.is_whitespace()) {
            kept.push((' ', false));
        } else {
            kept.push((c, false));
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < kept.len() {
        let (c, _) = kept[index];
        if c != ' ' {
            out.push(c);
            index += 1;
            continue;
        }
        let start = index;
        while index < kept.len() && kept[index].0 == ' ' {
            index += 1;
        }
        let breaks = kept[start..index].iter().any(|(_, breaks)| *breaks);
        let before = out.chars().next_back();
        let after = kept.get(index).map(|(c, _)| *c);
        // Leading and trailing white space goes; inside, one space, or none where a line break
        // falls between two characters of a script written without spaces.
        if let (Some(before), Some(after)) = (before, after)
            && !(breaks && unspaced(before) && unspaced(after))
        {
            out.push(' ');
        }
    }
    // A description keeps other white space where it stands, but not at either end.
    out.trim().to_string()
}

/// Grapheme clusters a reader actually sees: white space and invisible characters removed.
pub fn visible_grapheme_count(text: &str) -> usize {
    text.graphemes(true)
        .filter(|grapheme| {
            grapheme
                .chars()
                .any(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
        })
        .count()
}

/// Emoji as a reader sees them: characters drawn as emoji by default, or any character followed
/// by the emoji variation selector. Plain ©, ® and ™ are not emoji.
pub fn emoji_positions(text: &str) -> Vec<std::ops::Range<usize>> {
    let presentation = CodePointSetData::new::<EmojiPresentation>();
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let selected = chars.peek().is_some_and(|(_, next)| *next == '\u{FE0F}');
        if presentation.contains(c) || (selected && !c.is_ascii_digit() && c != '#' && c != '*') {
            // The variation selector belongs to the emoji it selects.
            let end = at + c.len_utf8() + if selected { '\u{FE0F}'.len_utf8() } else { 0 };
            found.push(at..end);
        }
    }
    found
}

/// The writing system a text is mostly in, for choosing a character budget: Japanese when it
/// has kana, Chinese when it has Han but no kana.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CjkLanguage {
    Japanese,
    Chinese,
}

pub fn cjk_language(text: &str) -> Option<CjkLanguage> {
    let scripts = CodePointMapData::<Script>::new();
    let mut han = false;
    for c in text.chars() {
        match scripts.get(c) {
            Script::Hiragana | Script::Katakana => return Some(CjkLanguage::Japanese),
            Script::Han => han = true,
            _ => {}
        }
    }
    han.then_some(CjkLanguage::Chinese)
}

/// `U+200B ZERO WIDTH SPACE`-style description for messages.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\t' => "TAB",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        _ if c.is_control() => "control character",
        _ if c.is_whitespace() => "space character",
        _ => "invisible character",
    };
    format!("U+{:04X} {name}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_graphemes_ignore_spaces_and_invisibles() {
        assert_eq!(visible_grapheme_count("A\u{200B} "), 1);
        assert_eq!(visible_grapheme_count("Cafe\u{301}"), 4);
        assert_eq!(visible_grapheme_count("👩‍💻X"), 2);
        assert_eq!(visible_grapheme_count("\u{202E}\u{2066}"), 0);
    }

    #[test]
    fn invisible_and_bidi_characters_are_recognized() {
        for c in [
            '\u{200B}', '\u{200D}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{00AD}',
        ] {
            assert!(is_invisible(c), "{}", describe_char(c));
        }
        assert!(!is_invisible('a'));
        assert!(is_bidi_control('\u{202E}'));
        assert!(!is_bidi_control('\u{200B}'));
    }

    #[test]
    fn emoji_but_not_trademark_signs() {
        assert_eq!(emoji_positions("Shield 🛡️ and ✅"), vec![7..14, 19..22]);
        assert!(emoji_positions("Contoso® Cognito™ ©").is_empty());
    }

    #[test]
    fn japanese_needs_kana_chinese_is_han_alone() {
        assert_eq!(cjk_language("検出結果を送る"), Some(CjkLanguage::Japanese));
        assert_eq!(cjk_language("自动隔离风险设备"), Some(CjkLanguage::Chinese));
        assert_eq!(cjk_language("Contoso"), None);
    }
}

/// Characters as a Chinese or Japanese character budget counts them: grapheme clusters without
/// white space, where a run of letters and digits of a spaced script (a Latin product name, say)
/// counts as one, because it is one unit of the translation however long it is spelt.
pub fn budget_characters(text: &str) -> usize {
    budget_units(text).len()
}

/// One unit of a character budget: where it is in the text, and whether it is a Han, Hiragana
/// or Katakana character (with the marks written among them: ー, 々, 。).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetUnit {
    pub range: std::ops::Range<usize>,
    pub cjk: bool,
}

/// The units [`budget_characters`] counts, in order.
pub fn budget_units(text: &str) -> Vec<BudgetUnit> {
    let scripts = CodePointMapData::<Script>::new();
    let mut units: Vec<BudgetUnit> = Vec::new();
    let mut in_spaced_word = false;
    for (at, grapheme) in text.grapheme_indices(true) {
        let Some(first) = grapheme.chars().next() else {
            continue;
        };
        if first.is_whitespace() {
            in_spaced_word = false;
            continue;
        }
        let script = scripts.get(first);
        let spaced = first.is_alphanumeric()
            && !matches!(
                script,
                Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul
            );
        let end = at + grapheme.len();
        match units.last_mut() {
            Some(last) if spaced && in_spaced_word => last.range.end = end,
            _ => units.push(BudgetUnit {
                range: at..end,
                cjk: matches!(script, Script::Han | Script::Hiragana | Script::Katakana)
                    || is_cjk_mark(first),
            }),
        }
        in_spaced_word = spaced;
    }
    units
}

/// The language whose character budget a description is held to instead of the word limit:
/// by its language tag when it has one (`ja…`, `zh…`), else by the script most of it is written
/// in ([`mostly_cjk`]). `None`: the word limit applies.
pub fn budget_language(text: &str, tag: Option<&str>) -> Option<CjkLanguage> {
    match tag {
        Some(tag) => {
            let primary = tag.split(['-', '_']).next().unwrap_or("");
            if primary.eq_ignore_ascii_case("ja") {
                Some(CjkLanguage::Japanese)
            } else if primary.eq_ignore_ascii_case("zh") {
                Some(CjkLanguage::Chinese)
            } else {
                None
            }
        }
        None => mostly_cjk(text),
    }
}

/// The character budget of a description: what a sentence of `words` English words translates
/// to, about 38 Japanese or 27 Chinese characters for 15 words.
pub fn character_budget(language: CjkLanguage, words: usize) -> usize {
    let per_fifteen = match language {
        CjkLanguage::Japanese => 38,
        CjkLanguage::Chinese => 27,
    };
    (per_fifteen * words).div_ceil(15)
}

impl CjkLanguage {
    pub fn name(self) -> &'static str {
        match self {
            CjkLanguage::Japanese => "Japanese",
            CjkLanguage::Chinese => "Chinese",
        }
    }
}

/// Punctuation and marks of the CJK blocks (、。「」ー々・ and the full-width forms), whose
/// script is Common but which only Chinese and Japanese text uses.
/// Below this code point no character is Han, Hiragana or Katakana or a CJK mark
/// (`below_the_first_cjk_character_nothing_counts_as_cjk` checks it over the data).
const FIRST_CJK: char = '\u{2E80}';

fn is_cjk_mark(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{30FB}'..='\u{30FC}' | '\u{FF01}'..='\u{FF65}')
}

/// The language whose character budget a text without a language tag is held to: Japanese or
/// Chinese when most of its budget units are Han, Hiragana or Katakana characters (each Latin
/// word counting as one unit), Japanese when it has kana. `None` for every other text, which
/// the word limit measures.
pub fn mostly_cjk(text: &str) -> Option<CjkLanguage> {
    // Han, Hiragana, Katakana and the CJK marks all lie at or above U+2E80: a text with no
    // character there has no CJK unit (most texts, and each is measured many times).
    if text.chars().all(|c| c < FIRST_CJK) {
        return None;
    }
    let units = budget_units(text);
    let cjk = units.iter().filter(|unit| unit.cjk).count();
    if cjk * 2 <= units.len() {
        return None;
    }
    cjk_language(text)
}

#[cfg(test)]
mod budget_tests {
    #[test]
    fn latin_words_count_once_cjk_per_character() {
        assert_eq!(super::budget_characters("Defender for Endpoint に送る"), 6);
        assert_eq!(super::budget_characters("自动隔离，风险"), 7);
    }

    #[test]
    fn below_the_first_cjk_character_nothing_counts_as_cjk() {
        use icu_properties::CodePointMapData;
        use icu_properties::props::Script;
        let scripts = CodePointMapData::<Script>::new();
        for c in '\0'..super::FIRST_CJK {
            assert!(
                !matches!(
                    scripts.get(c),
                    Script::Han | Script::Hiragana | Script::Katakana
                ) && !super::is_cjk_mark(c),
                "U+{:04X}",
                c as u32
            );
        }
        assert_eq!(scripts.get('\u{2E80}'), Script::Han);
        assert_eq!(super::mostly_cjk("Défense für Endpoint — «sécurité»"), None);
    }

    #[test]
    fn units_point_at_the_text() {
        let text = "Contoso Cognito の検出";
        let units = super::budget_units(text);
        let shown: Vec<&str> = units.iter().map(|unit| &text[unit.range.clone()]).collect();
        assert_eq!(shown, ["Contoso", "Cognito", "の", "検", "出"]);
        assert_eq!(units.iter().filter(|unit| unit.cjk).count(), 3);
    }

    #[test]
    fn mostly_cjk_counts_latin_words_as_one_unit() {
        use super::{CjkLanguage, mostly_cjk};
        assert_eq!(
            mostly_cjk("Contoso Cognito の検出で危険な端末を Defender for Endpoint から自動隔離。"),
            Some(CjkLanguage::Japanese)
        );
        assert_eq!(
            mostly_cjk("将 Contoso Cognito 检测结果传入 Microsoft Defender"),
            Some(CjkLanguage::Chinese)
        );
        // An English sentence quoting one Japanese word is measured in words.
        assert_eq!(
            mostly_cjk("Ships with a 日本語 interface for Defender for Endpoint"),
            None
        );
        assert_eq!(mostly_cjk("Contoso Cognito ロ"), None);
    }
}

#[cfg(test)]
mod tidy_tests {
    use super::{stray_invisibles, tidy};

    #[test]
    fn white_space_is_tidied_as_the_rules_ask() {
        assert_eq!(tidy(" Contoso\u{200B}  Cognito\t", true), "Contoso Cognito");
        assert_eq!(tidy("Contoso\u{00A0}Cognito", true), "Contoso Cognito");
        // A description keeps a no-break space, and loses line breaks and double spaces.
        assert_eq!(
            tidy(
                "Sends alerts to\n  Microsoft\u{00A0}Defender  for Endpoint ",
                false
            ),
            "Sends alerts to Microsoft\u{00A0}Defender for Endpoint"
        );
        assert_eq!(tidy("a\u{202E}b\u{2066}c\u{7}d", false), "abcd");
    }

    #[test]
    fn line_breaks_inside_unspaced_scripts_join_without_a_space() {
        assert_eq!(
            tidy("アラートを\n  取り込みます", false),
            "アラートを取り込みます"
        );
        assert_eq!(tidy("警报\r\n隔离", false), "警报隔离");
        assert_eq!(tidy("Defender\nに送る", false), "Defender に送る");
        assert_eq!(tidy("日本\u{200B}語", false), "日本語");
    }

    #[test]
    fn joiners_that_spell_a_word_stay() {
        // Persian "I do not want" needs its zero-width non-joiner; Hindi's half form its joiner.
        let persian = "نمی\u{200C}خواهم";
        assert!(stray_invisibles(persian).is_empty());
        assert_eq!(tidy(persian, true), persian);
        let hindi = "क्\u{200D}ष";
        assert!(stray_invisibles(hindi).is_empty());
        // An emoji sequence keeps its joiner; one between Latin letters is stray.
        assert!(stray_invisibles("\u{1F469}\u{200D}\u{1F4BB}").is_empty());
        assert_eq!(stray_invisibles("Con\u{200D}toso"), [(3, '\u{200D}')]);
        assert_eq!(stray_invisibles("\u{200C}نمی"), [(0, '\u{200C}')]);
    }
}
