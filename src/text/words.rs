//! Word counting as the word-counting spec (words.md) defines it, with every word located in
//! the input so that a message can quote it.
//!
//! The pipeline, per white-space-separated piece of the original text:
//!
//! 1. The piece is normalized to NFC on its own, keeping a map back to the original bytes.
//!    Splitting before normalizing gives the same pieces as splitting after: every `White_Space`
//!    character is a starter that composes with nothing, and no canonical decomposition contains
//!    white space (the unit tests check this on generated text).
//! 2. A piece without a letter or number (`General_Category` L or N) is not a word.
//! 3. A piece without a character of a no-space script is one word, whatever joins it.
//! 4. Otherwise the piece is cut into runs: CJK (Han, Hiragana, Katakana), Southeast Asian (Thai,
//!    Lao, Khmer, Myanmar) and other. Other runs follow rule 3; CJK runs go through ICU's
//!    dictionary algorithm; Southeast Asian runs through ICU4X's dictionary segmenter.
//!
//! Choices the spec leaves open, made here:
//!
//! - Characters that are drawn as an empty gap without being `White_Space` separate words as
//!   white space does ([`renders_blank`]: the Hangul fillers and U+2800 BRAILLE PATTERN BLANK),
//!   so `Tenvik⠀Sentry` is two words, as a reader sees it, and a run of fillers is none.
//! - U+200B ZERO WIDTH SPACE (and the other invisible format characters: ZWNJ, word joiner, bidi
//!   marks and embeddings) is not `White_Space`, so it does not split a piece. A reader sees no gap
//!   at it, and a piece made only of such characters has no letter, so it counts 0. Inside Thai,
//!   Lao, Khmer or Myanmar text, where ZWSP is how writers mark word ends, it does end a run, so
//!   the dictionary segmenter never joins words across it.
//! - Combining marks, `Grapheme_Extend` characters and U+200D ZWJ belong to the character before
//!   them, so a run never ends inside a grapheme cluster.
//! - An other-script run inside a no-space piece (`「Defender」の`) is trimmed of the punctuation,
//!   emoji and invisible characters at its ends, because there they belong to the surrounding CJK
//!   sentence. `_ # % & * @ / \` stay, and so do symbols like `+`, so `C++`, `C#` and `100%` keep
//!   their shape. A piece that is entirely in a spaced script is never trimmed: it is the word.
//! - The language tag changes one thing: for Korean (`ko`), Han characters are Hanja written
//!   inside space-separated words, so they count like Hangul. For every other tag the script
//!   decides; ICU4X 2.4 ships no per-locale word-break tailoring, so `ja`, `zh` and `th` would
//!   select exactly what the script already selects.

use std::ops::Range;

use icu_properties::props::{
    DefaultIgnorableCodePoint, GeneralCategory, GeneralCategoryGroup, GraphemeExtend, Script,
};
use icu_properties::{CodePointMapData, CodePointSetData};
use icu_provider::prelude::*;
use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::provider::{Baked, DictionaryBreakData, SegmenterDictionaryAutoV2};
use unicode_normalization::char::{
    canonical_combining_class, decompose_canonical, decompose_compatible,
};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// One counted word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word as counted, in NFC.
    pub text: String,
    /// Byte range of the word in the ORIGINAL (un-normalized) input string.
    pub range: Range<usize>,
}

/// Splits `text` into counted words exactly as words.md says. `lang` is an optional BCP 47 tag
/// ("ja", "ja-JP", "zh-Hans", "th"...) that may pick the segmentation; without it the script decides.
///
/// Words come in text order with non-overlapping, non-empty ranges. Never panics, whatever the
/// input; time and memory grow linearly with its length.
#[must_use]
pub fn split_words(text: &str, lang: Option<&str>) -> Vec<Word> {
    let han = han_reading(lang);
    let cj_dictionary = cj_dictionary();
    let mut words = Vec::new();
    for piece_range in white_space_pieces(text) {
        let piece_start = piece_range.start;
        let piece = NfcPiece::new(&text[piece_range.clone()]);
        if !piece.text.chars().any(is_letter_or_number) {
            continue;
        }
        let has_no_space_script = piece.text.chars().any(|c| {
            matches!(
                own_class(c, han),
                Some(Class::NoSpaceCj | Class::NoSpaceSea)
            )
        });
        if !has_no_space_script {
            words.push(Word {
                text: piece.text,
                range: piece_range,
            });
            continue;
        }
        // (NFC span, original span) per word. Two words whose boundary falls inside one chunk
        // that NFC rewrote (only contrived text does that, such as a variation selector followed
        // by a decomposed Tibetan vowel) cannot be located apart, so they are reported as one.
        let mut located: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        for span in no_space_piece_words(&piece.text, han, cj_dictionary) {
            let original = piece.original_range(span.clone());
            match located.last_mut() {
                Some((last_span, last_original)) if last_original.end > original.start => {
                    last_span.end = span.end;
                    last_original.end = last_original.end.max(original.end);
                }
                _ => located.push((span, original)),
            }
        }
        words.extend(located.into_iter().map(|(span, original)| Word {
            text: piece.text[span].to_owned(),
            range: piece_start + original.start..piece_start + original.end,
        }));
    }
    words
}

/// The number of words in `text`: the same count as `split_words(text, lang).len()`.
#[must_use]
pub fn count_words(text: &str, lang: Option<&str>) -> usize {
    split_words(text, lang).len()
}

/// Characters that are not `White_Space` yet are drawn as an empty gap, so a reader sees two
/// words either side of one, and a "word" made of them is no word at all: the fillers, which
/// are letters or symbols that Unicode marks `Default_Ignorable_Code_Point` (the Hangul
/// fillers U+115F, U+1160, U+3164, U+FFA0), and U+2800 BRAILLE PATTERN BLANK, the one symbol
/// whose glyph is defined to be empty. Format characters and marks that are default-ignorable
/// (zero-width space, joiners, bidi controls, variation selectors) draw nothing at all, take no
/// width, and so do not separate words.
pub fn renders_blank(c: char) -> bool {
    if c == '\u{2800}' {
        return true;
    }
    if !CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c) {
        return false;
    }
    let gc = general_category(c);
    GeneralCategoryGroup::Letter.contains(gc)
        || GeneralCategoryGroup::Number.contains(gc)
        || GeneralCategoryGroup::Punctuation.contains(gc)
        || GeneralCategoryGroup::Symbol.contains(gc)
}

/// What separates words: `White_Space` (`char::is_whitespace` is the Unicode property) and the
/// characters that [render blank](renders_blank).
pub fn separates_words(c: char) -> bool {
    c.is_whitespace() || renders_blank(c)
}

/// Byte ranges of the maximal runs of characters that do not [separate words](separates_words).
fn white_space_pieces(text: &str) -> Vec<Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices() {
        match (separates_words(c), start) {
            (true, Some(s)) => {
                pieces.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        pieces.push(s..text.len());
    }
    pieces
}

/// A piece in NFC, with what it takes to find any NFC byte offset in the original piece.
struct NfcPiece {
    text: String,
    /// Chunks whose NFC differs from the original bytes, in order. Between them the two texts
    /// are byte-identical, so an offset there maps by a constant shift.
    edits: Vec<Edit>,
}

struct Edit {
    normalized: Range<usize>,
    original: Range<usize>,
}

#[derive(Clone, Copy)]
enum Rounding {
    Down,
    Up,
}

impl NfcPiece {
    fn new(piece: &str) -> Self {
        if is_nfc_quick(piece.chars()) == IsNormalized::Yes {
            return Self {
                text: piece.to_owned(),
                edits: Vec::new(),
            };
        }
        // Normalizing chunk by chunk is what makes the map exact: a chunk starts at a character
        // that neither reorders with nor composes with anything before it, so NFC of the whole
        // is the concatenation of NFC of the chunks, and a chunk is usually one grapheme.
        let mut text = String::with_capacity(piece.len());
        let mut edits = Vec::new();
        let mut chunk_start = 0;
        let boundaries = piece
            .char_indices()
            .filter(|&(at, c)| at > 0 && starts_normalization_chunk(c))
            .map(|(at, _)| at)
            .chain(std::iter::once(piece.len()));
        for chunk_end in boundaries {
            let chunk = &piece[chunk_start..chunk_end];
            let normalized_start = text.len();
            if is_nfc_quick(chunk.chars()) == IsNormalized::Yes {
                text.push_str(chunk);
            } else {
                text.extend(chunk.nfc());
                if text[normalized_start..] != *chunk {
                    edits.push(Edit {
                        normalized: normalized_start..text.len(),
                        original: chunk_start..chunk_end,
                    });
                }
            }
            chunk_start = chunk_end;
        }
        Self { text, edits }
    }

    /// Maps a byte range of the NFC text to the smallest range of the original piece that holds
    /// it. A boundary that falls inside a rewritten chunk widens to the whole chunk, so the result
    /// always sits on character boundaries of the original.
    fn original_range(&self, normalized: Range<usize>) -> Range<usize> {
        self.original_offset(normalized.start, Rounding::Down)
            ..self.original_offset(normalized.end, Rounding::Up)
    }

    fn original_offset(&self, at: usize, rounding: Rounding) -> usize {
        let edits_before = self.edits.partition_point(|e| e.normalized.end <= at);
        if let Some(edit) = self.edits.get(edits_before)
            && edit.normalized.start < at
        {
            return match rounding {
                Rounding::Down => edit.original.start,
                Rounding::Up => edit.original.end,
            };
        }
        match edits_before.checked_sub(1).and_then(|i| self.edits.get(i)) {
            Some(edit) => at - edit.normalized.end + edit.original.end,
            None => at,
        }
    }
}

/// True when normalization never looks across the position before `c`: its canonical
/// decomposition starts with a starter (nothing reorders around it) that is not
/// `NFC_Quick_Check=Maybe` (it composes with nothing before it). Singletons such as U+212B ANGSTROM
/// SIGN qualify, so a rewritten chunk stays one character wide.
fn starts_normalization_chunk(c: char) -> bool {
    let mut first = None;
    decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    let first = first.unwrap_or(c);
    canonical_combining_class(first) == 0
        && is_nfc_quick(std::iter::once(first)) != IsNormalized::Maybe
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Spaced,
    NoSpaceCj,
    NoSpaceSea,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HanReading {
    /// Han is written without spaces (Chinese, Japanese, or no language given).
    NoSpace,
    /// Han appears inside space-separated words (Korean Hanja).
    Spaced,
}

fn han_reading(lang: Option<&str>) -> HanReading {
    let primary = lang.and_then(|tag| tag.split(['-', '_']).next());
    match primary {
        Some(language) if language.eq_ignore_ascii_case("ko") => HanReading::Spaced,
        _ => HanReading::NoSpace,
    }
}

/// The class a character brings to a run, or `None` when it joins the character before it.
fn own_class(c: char, han: HanReading) -> Option<Class> {
    if attaches_to_previous(c) {
        return None;
    }
    let class = match CodePointMapData::<Script>::new().get(c) {
        Script::Han if han == HanReading::NoSpace => Class::NoSpaceCj,
        Script::Hiragana | Script::Katakana => Class::NoSpaceCj,
        Script::Thai | Script::Lao | Script::Khmer | Script::Myanmar => Class::NoSpaceSea,
        // The prolonged sound marks are Common script, yet ICU's CJK engine takes them, since
        // they sit inside Katakana words (セキュリティー).
        _ if matches!(c, '\u{30FC}' | '\u{FF70}' | '\u{FF9E}' | '\u{FF9F}') => Class::NoSpaceCj,
        _ => Class::Spaced,
    };
    Some(class)
}

fn attaches_to_previous(c: char) -> bool {
    c == '\u{200D}'
        || GeneralCategoryGroup::Mark.contains(general_category(c))
        || CodePointSetData::new::<GraphemeExtend>().contains(c)
}

fn general_category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

fn is_letter_or_number(c: char) -> bool {
    let gc = general_category(c);
    GeneralCategoryGroup::Letter.contains(gc) || GeneralCategoryGroup::Number.contains(gc)
}

/// What may be cut from the ends of a spaced-script run inside a no-space piece.
fn is_edge_trimmable(c: char) -> bool {
    if matches!(c, '#' | '%' | '&' | '*' | '@' | '/' | '\\') {
        return false;
    }
    let gc = general_category(c);
    if gc == GeneralCategory::ConnectorPunctuation {
        return false;
    }
    GeneralCategoryGroup::Punctuation.contains(gc)
        || matches!(
            gc,
            GeneralCategory::OtherSymbol
                | GeneralCategory::Control
                | GeneralCategory::Format
                | GeneralCategory::PrivateUse
                | GeneralCategory::Unassigned
        )
}

/// Words of a piece that holds no-space script characters, as byte ranges of `piece` (NFC).
fn no_space_piece_words(
    piece: &str,
    han: HanReading,
    cj_dictionary: Option<&DictionaryBreakData<'_>>,
) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    for (run, class) in class_runs(piece, han) {
        let text = &piece[run.clone()];
        match class {
            Class::Spaced => {
                if let Some(word) = trimmed(text) {
                    words.push(run.start + word.start..run.start + word.end);
                }
            }
            Class::NoSpaceCj | Class::NoSpaceSea => {
                let segments = match (class, cj_dictionary) {
                    (Class::NoSpaceCj, Some(DictionaryBreakData::Char16Trie(trie))) => {
                        cj_segments(text, |word| {
                            let mut cursor = trie.cursor();
                            let mut matches = Vec::new();
                            let mut utf16_units = 0;
                            for (index, &c) in word.iter().enumerate() {
                                cursor.step(c);
                                if let Some(cost) = cursor.value() {
                                    // ICU reads costs as unsigned, so a negative one never wins.
                                    let cost = u64::try_from(cost).unwrap_or(u64::from(u32::MAX));
                                    matches.push((index + 1, cost));
                                }
                                utf16_units += c.len_utf16();
                                if cursor.is_empty() || utf16_units >= MAX_WORD_UTF16_UNITS {
                                    break;
                                }
                            }
                            matches
                        })
                    }
                    // Thai, Lao, Khmer and Myanmar, and CJK should the data ever change shape.
                    _ => icu_word_like_segments(text),
                };
                words.extend(
                    segments
                        .into_iter()
                        .filter(|s| text[s.clone()].chars().any(is_letter_or_number))
                        .map(|s| run.start + s.start..run.start + s.end),
                );
            }
        }
    }
    words
}

/// Maximal runs of one class, as byte ranges of `piece`.
fn class_runs(piece: &str, han: HanReading) -> Vec<(Range<usize>, Class)> {
    let mut runs: Vec<(Range<usize>, Class)> = Vec::new();
    for (at, c) in piece.char_indices() {
        let end = at + c.len_utf8();
        let previous = runs.last().map(|(_, class)| *class);
        let class = own_class(c, han).or(previous).unwrap_or(Class::Spaced);
        match runs.last_mut() {
            Some((range, last)) if *last == class => range.end = end,
            _ => runs.push((at..end, class)),
        }
    }
    runs
}

/// The part of a spaced-script run between its first and last non-trimmable characters, if it
/// holds a letter or number.
fn trimmed(run: &str) -> Option<Range<usize>> {
    let start = run
        .char_indices()
        .find(|&(_, c)| !is_edge_trimmable(c))
        .map(|(at, _)| at)?;
    let end = run
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_edge_trimmable(c))
        .map(|(at, c)| at + c.len_utf8())?;
    let word = start..end;
    run.get(word.clone())?
        .chars()
        .any(is_letter_or_number)
        .then_some(word)
}

/// Word-like segments of `run` from ICU4X's dictionary segmenter. Dictionary rather than LSTM for
/// Thai and its neighbours because that is what ICU4C, and so the browser, uses.
fn icu_word_like_segments(run: &str) -> Vec<Range<usize>> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let mut segments = Vec::new();
    let mut previous = 0;
    for (boundary, word_type) in segmenter.segment_str(run).iter_with_word_type() {
        if boundary > previous && word_type.is_word_like() {
            segments.push(previous..boundary);
        }
        previous = boundary;
    }
    segments
}

/// ICU4X's compiled copy of ICU's Chinese/Japanese dictionary (words with costs).
fn cj_dictionary() -> Option<&'static DictionaryBreakData<'static>> {
    let attributes = DataMarkerAttributes::try_from_str("cjdict").ok()?;
    let request = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes(attributes),
        ..Default::default()
    };
    let response: DataResponse<SegmenterDictionaryAutoV2> = Baked.load(request).ok()?;
    response.payload.get_static()
}

// ICU4C's CjkBreakEngine, the engine behind Intl.Segmenter, picks the segmentation with the
// lowest total cost; ICU4X's own dictionary segmenter takes the longest match greedily instead
// and splits 隔離します as 隔離|しま|す where ICU says 隔離|し|ます. So the search below
// reimplements ICU4C's algorithm and constants over ICU4X's copy of the same dictionary.

/// Longest dictionary word tried, counted in UTF-16 units as ICU does.
const MAX_WORD_UTF16_UNITS: usize = 20;
/// Cost of a character the dictionary has no one-character word for.
const UNKNOWN_CHARACTER_COST: u64 = 255;
/// Katakana runs this long or longer are not offered as a single word.
const KATAKANA_GROUP_LIMIT: usize = 20;

/// Cost of taking a whole Katakana run as one word, by its length: Katakana loanwords are
/// rarely in the dictionary, and single-Katakana words are rare.
fn katakana_run_cost(length: usize) -> u64 {
    const COSTS: [u64; 9] = [8192, 984, 408, 240, 204, 252, 300, 372, 480];
    COSTS.get(length).copied().unwrap_or(8192)
}

/// ICU's own test for the Katakana heuristic: half-width forms count, the middle dot does not.
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FE}' | '\u{FF66}'..='\u{FF9F}') && c != '\u{30FB}'
}

/// ICU looks words up in NFKC, which matters for half-width Katakana. Only one-to-one mappings
/// are taken, so positions stay one character each.
fn dictionary_form(c: char) -> char {
    let mut mapped = None;
    let mut count = 0;
    decompose_compatible(c, |d| {
        count += 1;
        mapped = Some(d);
    });
    match mapped {
        Some(single) if count == 1 => single,
        _ => c,
    }
}

/// Segments of a CJK run (byte ranges of `run`) with the least total cost. `lookup` returns the
/// dictionary words that start a slice, as (length in characters, cost), shortest first.
fn cj_segments(run: &str, lookup: impl Fn(&[char]) -> Vec<(usize, u64)>) -> Vec<Range<usize>> {
    let offsets: Vec<usize> = run.char_indices().map(|(at, _)| at).collect();
    let originals: Vec<char> = run.chars().collect();
    let forms: Vec<char> = originals.iter().copied().map(dictionary_form).collect();
    let n = forms.len();

    // best[i]: least cost of segmenting the first i characters; previous[i]: where its last
    // word starts. Every position is reachable through the one-character fallback.
    let mut best = vec![u64::MAX; n + 1];
    let mut previous = vec![0usize; n + 1];
    if let Some(first) = best.first_mut() {
        *first = 0;
    }
    let mut relax = |best: &mut Vec<u64>, from: usize, to: usize, cost: u64| {
        if let Some(slot) = best.get_mut(to)
            && cost < *slot
        {
            *slot = cost;
            if let Some(p) = previous.get_mut(to) {
                *p = from;
            }
        }
    };

    let mut previous_was_katakana = false;
    for i in 0..n {
        let base = best.get(i).copied().unwrap_or(u64::MAX);
        if base == u64::MAX {
            continue;
        }
        let rest = forms.get(i..).unwrap_or_default();
        let mut candidates = lookup(rest);
        if candidates.first().is_none_or(|&(length, _)| length != 1) {
            candidates.push((1, UNKNOWN_CHARACTER_COST));
        }
        for (length, cost) in candidates {
            relax(&mut best, i, i + length, base.saturating_add(cost));
        }
        let katakana = rest.first().is_some_and(|&c| is_katakana(c));
        if katakana && !previous_was_katakana {
            let length = rest
                .iter()
                .take(KATAKANA_GROUP_LIMIT)
                .take_while(|&&c| is_katakana(c))
                .count();
            if length < KATAKANA_GROUP_LIMIT {
                relax(
                    &mut best,
                    i,
                    i + length,
                    base.saturating_add(katakana_run_cost(length)),
                );
            }
        }
        previous_was_katakana = katakana;
    }

    let mut boundaries = Vec::new();
    let mut at = n;
    while at > 0 {
        let from = previous.get(at).copied().unwrap_or(0);
        // A mark or joiner stays with the character before it, whatever the dictionary says.
        if !originals.get(at).is_some_and(|&c| attaches_to_previous(c)) {
            boundaries.push(at);
        }
        at = if from < at { from } else { 0 };
    }
    boundaries.push(0);
    boundaries.reverse();
    boundaries.dedup();

    let byte_offset = |index: usize| offsets.get(index).copied().unwrap_or(run.len());
    boundaries
        .iter()
        .zip(boundaries.iter().skip(1))
        .map(|(&start, &end)| byte_offset(start)..byte_offset(end))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, lang: Option<&str>) -> Vec<String> {
        split_words(text, lang)
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    /// Checks what must hold for any input: ranges on character boundaries, in order, not
    /// overlapping, and each word's text the NFC of a part of its range.
    fn assert_well_formed(text: &str, lang: Option<&str>) -> Vec<Word> {
        let words = split_words(text, lang);
        let mut last_end = 0;
        for word in &words {
            assert!(word.range.start < word.range.end, "{word:?} in {text:?}");
            assert!(
                word.range.start >= last_end,
                "{word:?} overlaps in {text:?}"
            );
            assert!(
                text.is_char_boundary(word.range.start),
                "{word:?} in {text:?}"
            );
            assert!(
                text.is_char_boundary(word.range.end),
                "{word:?} in {text:?}"
            );
            let original: String = text[word.range.clone()].nfc().collect();
            assert!(original.contains(&word.text), "{word:?} vs {original:?}");
            assert!(!word.text.chars().any(char::is_whitespace), "{word:?}");
            last_end = word.range.end;
        }
        assert_eq!(count_words(text, lang), words.len());
        words
    }

    #[test]
    fn english_examples_from_the_spec() {
        let cases = [
            (
                "Stream alerts from Microsoft Defender for Endpoint into Microsoft Sentinel",
                10,
            ),
            (
                "Mobile solution - Protect your mobile devices with granular visibility and control from Corrata",
                13,
            ),
            (
                "AI-based MTD solution to stop mobile threats & phishing. Private internet browsing to protect user privacy",
                15,
            ),
            (
                "Alert and/or block on custom threat intelligence from ThreatConnect Playbooks using Defender for Endpoint indicators",
                15,
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(count_words(text, None), expected, "{text}");
            assert_eq!(count_words(text, Some("en")), expected, "{text}");
        }
    }

    #[test]
    fn japanese_example_from_the_spec() {
        let text = "Contoso Cognito は Defender for Endpoint のアラートを取り込み、デバイスを自動的に隔離します。";
        let expected = [
            "Contoso",
            "Cognito",
            "は",
            "Defender",
            "for",
            "Endpoint",
            "の",
            "アラート",
            "を",
            "取り込み",
            "デバイス",
            "を",
            "自動的",
            "に",
            "隔離",
            "し",
            "ます",
        ];
        assert_eq!(texts(text, Some("ja")), expected);
        assert_eq!(texts(text, None), expected);
        for word in assert_well_formed(text, Some("ja")) {
            assert_eq!(text[word.range.clone()], word.text);
        }
    }

    #[test]
    fn joined_spaced_script_pieces_are_one_word() {
        for piece in [
            "real-time",
            "and/or",
            "24/7",
            "SOC-as-a-Service",
            "v2.0",
            "don't",
            "aujourd'hui",
            "DSGVO-konform",
            "https://contoso.com/x",
            "C++",
            "(beta),",
            "Москва-Сити",
            "한국어로",
            "مرحبا،",
        ] {
            assert_eq!(texts(piece, None), [piece], "{piece}");
        }
    }

    #[test]
    fn pieces_without_letters_or_digits_count_zero() {
        for text in [
            "",
            " ",
            "\t\n\r ",
            "\u{3000}\u{A0}\u{2028}",
            "-",
            "–",
            "&",
            "|",
            "/",
            "...",
            "😀",
            "👩\u{200D}💻",
            "🇯🇵",
            "\u{301}",
            "\u{200B}",
            "\u{200E}\u{202B}\u{202C}",
            "「」、。",
        ] {
            assert_eq!(count_words(text, None), 0, "{text:?}");
            assert_eq!(count_words(text, Some("ja")), 0, "{text:?}");
        }
        assert_eq!(count_words("Secure - fast | simple & safe", None), 4);
    }

    #[test]
    fn digits_count_like_letters() {
        assert_eq!(texts("2024 ½ ① 24/7", None), ["2024", "½", "①", "24/7"]);
    }

    #[test]
    fn every_unicode_white_space_splits() {
        let text = "a\u{9}b\u{A}c\u{B}d\u{C}e\u{D}f\u{85}g\u{A0}h\u{1680}i\u{2000}j\u{2007}k\u{2028}l\u{2029}m\u{202F}n\u{205F}o\u{3000}p";
        assert_eq!(count_words(text, None), 16);
    }

    #[test]
    fn zero_width_and_bidi_characters_do_not_split_spaced_text() {
        assert_eq!(
            texts("Defender\u{200B}Endpoint", None),
            ["Defender\u{200B}Endpoint"]
        );
        assert_eq!(count_words("\u{202B}שלום עולם\u{202C}", None), 2);
        assert_eq!(count_words("\u{200E}hello\u{200F} \u{2060}", None), 1);
    }

    #[test]
    fn latin_runs_inside_japanese_follow_the_spaced_rule() {
        assert_eq!(texts("Endpointの", None), ["Endpoint", "の"]);
        assert_eq!(
            texts("Defender-for-Endpointのアラート", Some("ja")),
            ["Defender-for-Endpoint", "の", "アラート"]
        );
        assert_eq!(texts("「Defender」の", None), ["Defender", "の"]);
        assert_eq!(texts("C++で", None), ["C++", "で"]);
        assert_eq!(texts("（v2.0）を", None), ["v2.0", "を"]);
        assert_eq!(texts("2024年", None), ["2024", "年"]);
    }

    #[test]
    fn chinese_is_segmented_by_dictionary() {
        assert_eq!(
            texts("微软安全团队发布了新的威胁情报报告。", Some("zh-Hans")),
            [
                "微软", "安全", "团队", "发布", "了", "新的", "威胁", "情报", "报告"
            ]
        );
    }

    #[test]
    fn katakana_runs_and_prolonged_sound_marks_stay_whole() {
        assert_eq!(texts("セキュリティー", None), ["セキュリティー"]);
        // Half-width Katakana is looked up through its full-width form, as ICU does.
        assert_eq!(count_words("ｾｷｭﾘﾃｨ", None), 1);
    }

    #[test]
    fn thai_is_segmented_and_zero_width_space_ends_thai_words() {
        let words = assert_well_formed("ภาษาไทยง่ายนิดเดียว", Some("th"));
        assert!(words.len() >= 3, "{words:?}");
        assert_eq!(texts("ทุก\u{200B}สองสัปดาห์", None), ["ทุก", "สอง", "สัปดาห์"]);
        assert!(count_words("ພາສາລາວ ភាសាខ្មែរ မြန်မာဘာသာ", None) >= 3);
    }

    #[test]
    fn korean_tag_keeps_hanja_inside_spaced_words() {
        assert_eq!(count_words("大韓民國은 아름답다", Some("ko")), 2);
        assert_eq!(count_words("大韓民國은 아름답다", Some("ko-KR")), 2);
        assert!(count_words("大韓民國은 아름답다", None) > 2);
    }

    #[test]
    fn odd_language_tags_are_harmless() {
        for lang in [
            "",
            "-",
            "ja-JP",
            "zh-Hans-CN",
            "th",
            "x-private",
            "ko_KR",
            "🙂",
            "ja--",
        ] {
            assert_eq!(count_words("Endpointの検知", Some(lang)), 3, "{lang:?}");
        }
    }

    #[test]
    fn ranges_point_into_non_nfc_input() {
        let text = "Cafe\u{301} rapide";
        let words = assert_well_formed(text, None);
        assert_eq!(words[0].text, "Café");
        assert_eq!(&text[words[0].range.clone()], "Cafe\u{301}");
        assert_eq!(&text[words[1].range.clone()], "rapide");

        // が and ぐ decomposed, inside a no-space piece: the words after them must still land.
        let text = "ファイルか\u{3099}ありく\u{3099}らい";
        let words = assert_well_formed(text, Some("ja"));
        let rebuilt: String = words.iter().map(|w| &text[w.range.clone()]).collect();
        assert_eq!(rebuilt, text);
        assert!(words.iter().any(|w| w.text == "ファイル"));
        assert!(words.iter().all(|w| w.text.nfc().eq(w.text.chars())));

        // Å as ANGSTROM SIGN, a singleton that NFC rewrites, followed by Latin inside Japanese.
        let text = "\u{212B}ngströmの単位";
        let words = assert_well_formed(text, None);
        assert_eq!(words[0].text, "\u{C5}ngström");
        assert_eq!(&text[words[0].range.clone()], "\u{212B}ngströ\u{6D}");
    }

    #[test]
    fn lone_and_stacked_combining_marks_are_safe() {
        assert_eq!(
            count_words("\u{301}\u{301} a\u{301}\u{302}\u{303}", None),
            1
        );
        assert_eq!(count_words("\u{301}の", None), 1);
        let words = assert_well_formed("隔\u{301}離\u{200D}します", None);
        assert!(!words.is_empty());
        assert_eq!(
            texts("\u{3099}アラート", None).last().map(String::as_str),
            Some("アラート")
        );
    }

    #[test]
    fn characters_that_render_blank_separate_words() {
        // The class, found from the properties: every default-ignorable letter, number,
        // punctuation or symbol, and the braille blank.
        let class: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| renders_blank(*c))
            .collect();
        assert_eq!(
            class,
            ['\u{115F}', '\u{1160}', '\u{2800}', '\u{3164}', '\u{FFA0}'],
            "the class changed with the Unicode data: check each new member renders blank"
        );
        for blank in class {
            let text = format!("Tenvik{blank}Sentry{blank}{blank}blocks");
            assert_eq!(
                texts(&text, None),
                ["Tenvik", "Sentry", "blocks"],
                "{blank:?}"
            );
            assert_eq!(
                count_words(&format!("{blank}{blank}"), None),
                0,
                "{blank:?}"
            );
            // Ranges still point at the original bytes.
            let words = assert_well_formed(&text, None);
            assert_eq!(&text[words[1].range.clone()], "Sentry");
        }
        // Characters that draw nothing and take no width still do not split a word.
        for invisible in ['\u{200B}', '\u{2060}', '\u{200C}', '\u{FE0F}', '\u{180E}'] {
            assert_eq!(
                count_words(&format!("Ten{invisible}vik"), None),
                1,
                "{invisible:?}"
            );
        }
    }

    #[test]
    fn emoji_sequences_do_not_break_words() {
        assert_eq!(count_words("👩\u{200D}💻Defender👍🏽", None), 1);
        assert_eq!(texts("アラート👩\u{200D}💻を", None), ["アラート", "を"]);
    }

    #[test]
    fn chunked_normalization_equals_whole_normalization() {
        for text in generated_texts(4000) {
            let piece = NfcPiece::new(&text);
            let whole: String = text.nfc().collect();
            assert_eq!(piece.text, whole, "{text:?}");
            // Splitting before or after NFC gives the same pieces.
            let after: Vec<String> = whole
                .split(separates_words)
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            let before: Vec<String> = white_space_pieces(&text)
                .into_iter()
                .map(|r| text[r].nfc().collect())
                .collect();
            assert_eq!(before, after, "{text:?}");
        }
    }

    #[test]
    fn generated_odd_inputs_never_panic_and_stay_well_formed() {
        for text in generated_texts(4000) {
            assert_well_formed(&text, None);
            assert_well_formed(&text, Some("ja"));
            assert_well_formed(&text, Some("ko"));
        }
    }

    #[test]
    fn a_megabyte_of_hostile_text_is_handled() {
        let megabyte = 1 << 20;
        let latin = "x".repeat(megabyte);
        assert_eq!(count_words(&latin, None), 1);
        let words = "word ".repeat(megabyte / 5);
        assert_eq!(count_words(&words, None), megabyte / 5);
        let han = "隔離します".repeat(megabyte / 15);
        assert_eq!(count_words(&han, None), 3 * (megabyte / 15));
        let katakana = "アラート".repeat(megabyte / 12);
        assert!(count_words(&katakana, None) > 0);
        let marks = format!("a{}", "\u{301}\u{316}".repeat(megabyte / 4));
        assert_eq!(count_words(&marks, None), 1);
        let spaces = " \u{3000}\t".repeat(megabyte / 5);
        assert_eq!(count_words(&spaces, None), 0);
        let punctuation = "-,.、。!".repeat(megabyte / 10);
        assert_eq!(count_words(&punctuation, None), 0);
        let invisible = "\u{200B}\u{200E}\u{FEFF}".repeat(megabyte / 9);
        assert_eq!(count_words(&invisible, None), 0);
    }

    /// Deterministic text from characters chosen to stress normalization and segmentation.
    fn generated_texts(count: usize) -> Vec<String> {
        const POOL: &[char] = &[
            'a',
            'e',
            'A',
            'Z',
            '0',
            '9',
            '-',
            '/',
            '.',
            ' ',
            '\t',
            '\u{A0}',
            '\u{3000}',
            '\u{2000}',
            '\u{2001}',
            '\u{300}',
            '\u{301}',
            '\u{316}',
            '\u{327}',
            '\u{334}',
            '\u{340}',
            '\u{344}',
            '\u{345}',
            '\u{F73}',
            '\u{F71}',
            '\u{F72}',
            '\u{E9}',
            '\u{212B}',
            '\u{2126}',
            '\u{1100}',
            '\u{1161}',
            '\u{11A8}',
            '\u{AC00}',
            '\u{3099}',
            '\u{309A}',
            '\u{304B}',
            '\u{30AB}',
            '\u{30FC}',
            '\u{FF76}',
            '\u{FF9E}',
            '隔',
            '離',
            'し',
            'ま',
            'す',
            '\u{F900}',
            '\u{2F800}',
            'ก',
            '\u{E31}',
            'ไ',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{202E}',
            '\u{FEFF}',
            '\u{1F469}',
            '\u{1F4BB}',
            '\u{1F3FD}',
            '\u{FE0F}',
            '\u{E0100}',
            '「',
            '」',
            '、',
            '+',
            '\u{0}',
            '\u{10FFFF}',
            '\u{E000}',
            'ß',
            '\u{1E9E}',
            '\u{3A9}',
            '\u{928}',
            '\u{93C}',
            '\u{929}',
            '\u{5D0}',
            '\u{5B4}',
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..count)
            .map(|_| {
                let length = (next() % 24) as usize;
                (0..length)
                    .map(|_| POOL[(next() % POOL.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }
}
