//! Microsoft product names in every form the rules look for (data/names.toml, compiled in by
//! build.rs), and where a text uses them.
//!
//! The text is folded once (NFKC, lower case, white space runs to one space, no space next to CJK
//! characters, hyphens between words to a space, a hyphen at a line break joined, soft hyphens and
//! zero-width characters dropped), and every form is looked up at once in the folded copy with an
//! Aho–Corasick automaton over the folded forms. A match counts when it stands as a whole word
//! (CJK text and its particles may touch it), is not part of an identifier, a path or a web
//! address, and, for an acronym, is not written in lower case. A plural or possessive `s` after
//! a Latin form is kept as an inflection (DESC009).

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// What a form of a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The name Microsoft uses now, or its documented short form.
    Current,
    /// The current name as Microsoft's translated documentation writes it.
    Localized,
    /// A name the product had before.
    Former,
    /// A short form Microsoft does not use.
    Abbreviation,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Current => "current",
            Kind::Localized => "localized",
            Kind::Former => "former",
            Kind::Abbreviation => "abbreviation",
        }
    }
}

/// A product by its current English name.
#[derive(Debug)]
pub struct Product {
    pub name: &'static str,
    /// The product whose press releases need Microsoft's review.
    pub mentioned: bool,
}

/// One form of a product's name, and where it was seen.
#[derive(Debug, PartialEq, Eq)]
pub struct NameForm {
    pub text: &'static str,
    /// The text folded as the matcher looks for it (computed by build.rs).
    pub folded: &'static str,
    /// The current English name of the product.
    pub product: &'static str,
    pub kind: Kind,
    /// BCP 47 tags; `["en"]` for a form matched in every language.
    pub languages: &'static [&'static str],
    /// For a translated former name, the English name it translates.
    pub translates: Option<&'static str>,
    /// Written in capitals; in lower case it is an identifier.
    pub acronym: bool,
    pub source: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/names.rs"));

/// The product whose press releases need review: Microsoft Defender for Endpoint.
pub fn mentioned_product() -> &'static str {
    PRODUCTS
        .iter()
        .find(|product| product.mentioned)
        .map_or("Microsoft Defender for Endpoint", |product| product.name)
}

/// The English name of a language tag of the table.
pub fn language_name(tag: &str) -> &'static str {
    match tag {
        "ko" => "Korean",
        "ja" => "Japanese",
        "zh-Hans" => "Simplified Chinese",
        "zh-Hant" => "Traditional Chinese",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "pt" => "Portuguese",
        "it" => "Italian",
        "nl" => "Dutch",
        _ => "English",
    }
}

impl NameForm {
    /// "Korean", "Portuguese or Spanish".
    pub fn language_names(&self) -> String {
        let names: Vec<&str> = self
            .languages
            .iter()
            .map(|tag| language_name(tag))
            .collect();
        names.join(" or ")
    }
}

/// A plural or possessive ending on a product name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inflection {
    /// `'s`, `’s`, or `s'` after the name.
    Possessive,
    /// A bare `s`: an English plural, a German genitive.
    PluralOrGenitive,
}

/// One use of a product name in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The name as written, without an inflection: byte range into the text given.
    pub range: Range<usize>,
    /// The name with its inflection, if any.
    pub inflected: Range<usize>,
    pub form: &'static NameForm,
    pub inflection: Option<Inflection>,
    /// The text presents it as a former name ("formerly …", "… (now …)").
    pub introduced_as_former: bool,
}

/// Every use of a product name in `text`, in order, without overlaps (the longest form wins).
pub fn find(text: &str) -> Vec<Found> {
    if text.is_empty() {
        return Vec::new();
    }
    let folded = Folded::new(text);
    let matcher = &*MATCHER;
    let mut candidates: Vec<Candidate> = matcher
        .automaton
        .find_overlapping_iter(folded.text.as_str())
        .filter_map(|found| {
            let form = matcher.forms.get(found.pattern().as_usize())?;
            accept(text, &folded, found.start()..found.end(), form)
        })
        .collect();
    candidates.sort_by_key(|candidate| {
        (
            candidate.folded.start,
            std::cmp::Reverse(candidate.folded.end),
        )
    });
    let mut chosen: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        if chosen
            .last()
            .is_none_or(|last| last.folded_inflected.end <= candidate.folded.start)
        {
            chosen.push(candidate);
        }
    }
    let introduced: Vec<bool> = chosen
        .iter()
        .enumerate()
        .map(|(index, candidate)| {
            candidate.form.kind == Kind::Former
                && (formerly_before(&folded.text[..candidate.folded.start])
                    || now_after(&folded.text, candidate, &chosen[index + 1..]))
        })
        .collect();
    chosen
        .into_iter()
        .zip(introduced)
        .map(|(candidate, introduced_as_former)| Found {
            range: folded.original(candidate.folded.clone()),
            inflected: folded.original(candidate.folded_inflected.clone()),
            form: candidate.form,
            inflection: candidate.inflection,
            introduced_as_former,
        })
        .collect()
}

struct Matcher {
    automaton: AhoCorasick,
    forms: Vec<&'static NameForm>,
}

/// Built on first use: a contiguous NFA over the names table builds in a fraction of a
/// millisecond (a DFA would search a little faster and build tens of times slower).
static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::new);

impl Matcher {
    fn new() -> Matcher {
        let forms: Vec<&'static NameForm> = FORMS.iter().collect();
        let patterns: Vec<&'static str> = forms.iter().map(|form| form.folded).collect();
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .or_else(|_| AhoCorasick::new(Vec::<&str>::new()))
            .unwrap_or_else(|_| unreachable!("an empty automaton always builds"));
        Matcher { automaton, forms }
    }
}

/// Builds the matcher now, so the first search does not pay for it.
pub fn prepare() {
    LazyLock::force(&MATCHER);
}

/// Builds a fresh matcher and returns how many forms it holds: what the first search of a
/// process pays (for benchmarks).
#[doc(hidden)]
pub fn build_matcher() -> usize {
    Matcher::new().forms.len()
}

/// A text folded as the matcher reads it.
#[cfg(test)]
fn fold(text: &str) -> String {
    Folded::new(text).text
}

struct Candidate {
    folded: Range<usize>,
    folded_inflected: Range<usize>,
    form: &'static NameForm,
    inflection: Option<Inflection>,
}

fn accept(
    text: &str,
    folded: &Folded,
    range: Range<usize>,
    form: &'static NameForm,
) -> Option<Candidate> {
    let f = folded.text.as_str();
    let before = f[..range.start].chars().next_back();
    let first = f[range.clone()].chars().next()?;
    let last = f[range.clone()].chars().next_back()?;
    if joined(before, first) {
        return None;
    }
    let (inflection, end) = inflection_after(f, range.end, last);
    let after = f[end..].chars().next();
    let compound = inflection.is_none()
        && form.languages.contains(&"de")
        && after.is_some_and(|c| c.is_lowercase() && !is_cjk(c));
    if joined(after, last) && !compound {
        return None;
    }
    let original = folded.original(range.clone());
    if form.acronym && !text[original.clone()].chars().any(char::is_uppercase) {
        return None;
    }
    if in_identifier(text, folded.original(range.start..end)) {
        return None;
    }
    if form.acronym && spelled_out_as_something_else(f, form, range.end) {
        return None;
    }
    Some(Candidate {
        folded: range.clone(),
        folded_inflected: range.start..end,
        form,
        inflection,
    })
}

/// Whether a letter or digit touches the edge of a match (CJK text may touch it).
fn joined(neighbour: Option<char>, edge: char) -> bool {
    neighbour.is_some_and(|neighbour| {
        is_word_char(neighbour) && is_word_char(edge) && !is_cjk(neighbour) && !is_cjk(edge)
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A possessive or plural `s` right after a Latin name, and where the name then ends.
fn inflection_after(folded: &str, end: usize, last: char) -> (Option<Inflection>, usize) {
    if !last.is_ascii_alphanumeric() {
        return (None, end);
    }
    let rest = &folded[end..];
    let free = |at: usize| !rest[at..].chars().next().is_some_and(is_word_char);
    for (suffix, inflection) in [
        ("'s", Inflection::Possessive),
        ("\u{2019}s", Inflection::Possessive),
        ("s'", Inflection::Possessive),
        ("s\u{2019}", Inflection::Possessive),
        ("s", Inflection::PluralOrGenitive),
    ] {
        if rest.starts_with(suffix) && free(suffix.len()) {
            return (Some(inflection), end + suffix.len());
        }
    }
    (None, end)
}

/// Whether the match sits in a web address, an e-mail address, a path or an identifier
/// (`MDE_TENANT_ID`, `github.com/x/mde-connector`, `mde.exe`, `--mde`).
fn in_identifier(text: &str, range: Range<usize>) -> bool {
    // The token around the match, up to 256 bytes each way: enough for any address, and a
    // text of one endless token costs no more per match.
    const REACH: usize = 256;
    let mut floor = range.start.saturating_sub(REACH);
    while !text.is_char_boundary(floor) {
        floor -= 1;
    }
    let mut ceiling = (range.end + REACH).min(text.len());
    while !text.is_char_boundary(ceiling) {
        ceiling += 1;
    }
    let start = text[floor..range.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(floor, |(at, c)| floor + at + c.len_utf8());
    let end = text[range.end..ceiling]
        .find(char::is_whitespace)
        .map_or(ceiling, |at| range.end + at);
    let token = &text[start..end];
    let lower = token.to_ascii_lowercase();
    if lower.contains("://") || lower.contains("www.") || token.contains('@') {
        return true;
    }
    let dotted = token
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_alphanumeric() && w[1] == b'.' && w[2].is_ascii_alphanumeric());
    let pathlike = dotted || token.starts_with(['/', '~', '.', '\\']);
    let before: Vec<char> = text[..range.start].chars().rev().take(2).collect();
    let mut after = text[range.end..].chars();
    let (next, then) = (after.next(), after.next());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let glue = |c: Option<char>, far: Option<char>| match c {
        Some('_' | '=' | '$' | '%') => true,
        Some('.' | ':') => word(far),
        Some('/' | '\\') => pathlike,
        _ => false,
    };
    let (near, far) = (before.first().copied(), before.get(1).copied());
    // "--mde" is a command-line flag.
    glue(near, far) || (near == Some('-') && far == Some('-')) || glue(next, then)
}

/// "MDE (model-driven engineering)": an acronym followed by the words it stands for, when they
/// are not the product's name, is something else.
fn spelled_out_as_something_else(folded: &str, form: &NameForm, end: usize) -> bool {
    let rest = folded[end..].trim_start_matches(' ');
    let Some(inside) = rest.strip_prefix('(') else {
        return false;
    };
    // An expansion is a few words; look no further than 120 bytes.
    let Some(close) = inside.bytes().take(120).position(|byte| byte == b')') else {
        return false;
    };
    let words: Vec<&str> = inside[..close]
        .split(' ')
        .filter(|word| !word.is_empty())
        .collect();
    let initials: String = words
        .iter()
        .filter_map(|word| word.chars().next())
        .collect();
    let acronym: String = form.text.to_lowercase();
    initials == acronym && form.product.to_lowercase() != inside[..close].trim()
}

/// Text right before a former name that presents it as such: "formerly", "previously known
/// as", and the same in the supported languages, with an opening bracket or quote.
fn formerly_before(before: &str) -> bool {
    const PHRASES: &[&str] = &[
        "formerly known as",
        "formerly called",
        "formerly named",
        "formerly",
        "previously known as",
        "previously called",
        "previously named",
        "previously",
        "originally",
        "former",
        "earlier",
        "früher bekannt als",
        "ehemals bekannt als",
        "vormals bekannt als",
        "ehemals",
        "früher",
        "vormals",
        "zuvor",
        "anciennement appelé",
        "anciennement appelée",
        "anciennement connu sous le nom de",
        "anciennement",
        "auparavant",
        "précédemment",
        "autrefois",
        "anteriormente conocido como",
        "anteriormente llamado",
        "anteriormente conhecido como",
        "anteriormente chamado",
        "anteriormente",
        "antes conocido como",
        "antes llamado",
        "antes conhecido como",
        "antes chamado",
        "antes",
        "antiguamente",
        "antigo",
        "antiguo",
        "precedentemente noto come",
        "precedentemente",
        "in precedenza",
        "già",
        "voorheen bekend als",
        "voorheen",
        "vroeger",
        "旧称",
        "旧名",
        "旧",
        "以前の",
        "以前は",
        "原名",
        "原称",
        "前称",
        "以前称为",
        "舊稱",
        "原稱",
        "前身為",
        // Folded: no space between Hangul words.
        "이전명칭",
        "이전이름",
        "이전",
    ];
    let trimmed =
        before.trim_end_matches(|c: char| c == ' ' || "(（\"“'‘:：「『,、-–—".contains(c));
    PHRASES.iter().any(|phrase| {
        trimmed.strip_suffix(phrase).is_some_and(|rest| {
            let latin = phrase
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
            !latin || !rest.chars().next_back().is_some_and(char::is_alphanumeric)
        })
    })
}

/// "Azure AD (now Microsoft Entra ID)": a former name followed by its current one.
fn now_after(folded: &str, candidate: &Candidate, later: &[Candidate]) -> bool {
    const NOW: &[&str] = &[
        "now known as",
        "now called",
        "now",
        "renamed to",
        "renamed",
        "rebranded as",
        "jetzt",
        "heute",
        "nun",
        "umbenannt in",
        "désormais",
        "maintenant",
        "aujourd'hui",
        "ahora",
        "hoy",
        "agora",
        "hoje",
        "ora",
        "oggi",
        "nu",
        "tegenwoordig",
        "現在の",
        "现为",
        "現為",
        "현재",
    ];
    let Some(next) = later.first() else {
        return false;
    };
    if next.form.product != candidate.form.product
        || !matches!(next.form.kind, Kind::Current | Kind::Localized)
    {
        return false;
    }
    let Some(between) = folded.get(candidate.folded_inflected.end..next.folded.start) else {
        return false;
    };
    let between = between.trim_matches(|c: char| c == ' ' || "(（,、:：-–—\"“'‘".contains(c));
    NOW.contains(&between)
}

/// Han, kana and Hangul: written without spaces between words, or (Hangul) with particles glued.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// Characters that do not show and may sit inside a word: soft hyphen, zero-width space,
/// joiners, word joiner, byte order mark.
fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A piece of the text before folding decisions that depend on neighbours.
enum Piece {
    /// An ASCII character, in lower case.
    Ascii(u8),
    /// A grapheme cluster, folded.
    Text(String),
    Space {
        line_break: bool,
    },
    Hyphen,
}

impl Piece {
    fn first_char(&self) -> Option<char> {
        match self {
            Piece::Ascii(byte) => Some(char::from(*byte)),
            Piece::Text(text) => text.chars().next(),
            Piece::Space { .. } | Piece::Hyphen => None,
        }
    }
}

/// One stretch of the folded text and where it comes from.
struct Origin {
    /// Where it starts in the folded text.
    at: usize,
    /// The original bytes it stands for.
    original: Range<usize>,
    /// Folded and original bytes correspond one to one (ASCII); otherwise the stretch stands
    /// for its original range as a whole.
    linear: bool,
}

/// A folded copy of a text, with where each stretch of it came from.
struct Folded {
    text: String,
    /// In order; consecutive ASCII is one stretch, so a long English release needs few.
    origins: Vec<Origin>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = Folded {
            text: String::with_capacity(text.len()),
            origins: Vec::new(),
        };
        let mut pieces = Pieces { text, at: 0 };
        // Two pieces of look-ahead: a hyphen, a line break, and the letter after it.
        let mut ahead: std::collections::VecDeque<(Piece, Range<usize>)> =
            std::collections::VecDeque::with_capacity(3);
        loop {
            while ahead.len() < 3 {
                match pieces.next() {
                    Some(piece) => ahead.push_back(piece),
                    None => break,
                }
            }
            let Some((piece, range)) = ahead.pop_front() else {
                break;
            };
            let previous = folded.text.chars().next_back();
            let next_char = |at: usize| ahead.get(at).and_then(|(piece, _)| piece.first_char());
            match piece {
                Piece::Ascii(byte) => {
                    let mut buffer = [0; 4];
                    folded.push(char::from(byte).encode_utf8(&mut buffer), range);
                }
                Piece::Text(piece) => folded.push(&piece, range),
                Piece::Space { .. } => {
                    let cjk = previous.is_some_and(is_cjk) || next_char(0).is_some_and(is_cjk);
                    if !cjk && previous.is_some() && previous != Some(' ') {
                        folded.push(" ", range);
                    }
                }
                Piece::Hyphen => {
                    let letter_before = previous.is_some_and(char::is_alphanumeric);
                    let broken =
                        matches!(ahead.front(), Some((Piece::Space { line_break: true }, _)))
                            && letter_before
                            && next_char(1).is_some_and(char::is_alphanumeric);
                    if broken {
                        // A word broken at a line end ("End-\npoint") is one word; a hyphen
                        // before a capital ("Microsoft-\nDefender") separates two.
                        let capital = ahead
                            .get(1)
                            .and_then(|(_, range)| text.get(range.clone()))
                            .and_then(|original| original.chars().next())
                            .is_some_and(|c| !c.is_lowercase());
                        let space = ahead.pop_front().map_or(range.end, |(_, space)| space.end);
                        if capital {
                            folded.push(" ", range.start..space);
                        }
                    } else if letter_before && next_char(0).is_some_and(char::is_alphanumeric) {
                        folded.push(" ", range);
                    } else {
                        folded.push("-", range);
                    }
                }
            }
        }
        folded
    }

    fn push(&mut self, piece: &str, original: Range<usize>) {
        let linear = piece.len() == 1 && original.len() == 1;
        if linear
            && let Some(last) = self.origins.last_mut()
            && last.linear
            && last.original.end == original.start
            && last.at + last.original.len() == self.text.len()
        {
            last.original.end = original.end;
        } else {
            self.origins.push(Origin {
                at: self.text.len(),
                original,
                linear,
            });
        }
        self.text.push_str(piece);
    }

    /// The original range of a folded range.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        let origin = |offset: usize| {
            let index = self
                .origins
                .partition_point(|origin| origin.at <= offset)
                .saturating_sub(1);
            self.origins.get(index)
        };
        let start = origin(range.start).map(|origin| {
            if origin.linear {
                (origin.original.start + (range.start - origin.at)).min(origin.original.end)
            } else {
                origin.original.start
            }
        });
        let last = range.end.saturating_sub(1).max(range.start);
        let end = origin(last).map(|origin| {
            if origin.linear {
                (origin.original.start + (last + 1 - origin.at)).min(origin.original.end)
            } else {
                origin.original.end
            }
        });
        match (start, end) {
            (Some(start), Some(end)) => start..end.max(start),
            _ => 0..0,
        }
    }
}

/// The text as pieces: an ASCII character, a grapheme cluster folded (NFKC, lower case,
/// invisible characters dropped), a run of white space, or a hyphen.
struct Pieces<'t> {
    text: &'t str,
    at: usize,
}

impl Iterator for Pieces<'_> {
    type Item = (Piece, Range<usize>);

    fn next(&mut self) -> Option<(Piece, Range<usize>)> {
        let bytes = self.text.as_bytes();
        loop {
            let start = self.at;
            let &byte = bytes.get(start)?;
            // ASCII (the common case) needs no segmentation, unless a combining mark follows.
            let piece = if byte.is_ascii() && bytes.get(start + 1).is_none_or(u8::is_ascii) {
                self.at += 1;
                match byte {
                    b' ' | b'\t' | b'\x0B' | b'\x0C' => Piece::Space { line_break: false },
                    b'\n' | b'\r' => Piece::Space { line_break: true },
                    b'-' => Piece::Hyphen,
                    _ => Piece::Ascii(byte.to_ascii_lowercase()),
                }
            } else {
                let grapheme = self.text[start..].graphemes(true).next()?;
                self.at += grapheme.len();
                if grapheme.chars().all(char::is_whitespace) {
                    let line_break = grapheme
                        .chars()
                        .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'));
                    Piece::Space { line_break }
                } else {
                    let folded: String = grapheme
                        .nfkc()
                        .flat_map(char::to_lowercase)
                        .filter(|c| !is_ignorable(*c))
                        .collect();
                    if folded.is_empty() {
                        continue;
                    } else if folded.chars().all(is_hyphen) {
                        Piece::Hyphen
                    } else if folded.chars().all(char::is_whitespace) {
                        Piece::Space { line_break: false }
                    } else {
                        Piece::Text(folded)
                    }
                }
            };
            let mut range = start..self.at;
            // A run of white space is one piece.
            if let Piece::Space { line_break } = piece {
                let mut line_break = line_break;
                while let Some((Piece::Space { line_break: more }, next)) = self.peek_space() {
                    line_break |= more;
                    range.end = next.end;
                    self.at = next.end;
                }
                return Some((Piece::Space { line_break }, range));
            }
            return Some((piece, range));
        }
    }
}

impl Pieces<'_> {
    /// The white space right at the cursor, if any, without consuming it.
    fn peek_space(&self) -> Option<(Piece, Range<usize>)> {
        let rest = &self.text[self.at..];
        let c = rest.chars().next()?;
        if !c.is_whitespace() {
            return None;
        }
        // A combining mark after white space makes a cluster that is not white space.
        let grapheme = rest.graphemes(true).next()?;
        if !grapheme.chars().all(char::is_whitespace) {
            return None;
        }
        let line_break = grapheme
            .chars()
            .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'));
        Some((
            Piece::Space { line_break },
            self.at..self.at + grapheme.len(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, &'static str)> {
        find(text)
            .into_iter()
            .map(|found| (&text[found.range], found.form.text))
            .collect()
    }

    #[test]
    fn folding_collapses_space_case_hyphens_and_invisible_characters() {
        assert_eq!(
            fold("Microsoft  Defender\u{A0}FOR\n\tEndpoint"),
            "microsoft defender for endpoint"
        );
        assert_eq!(fold("End-\npoint"), "endpoint");
        assert_eq!(fold("Microsoft-\n  Defender"), "microsoft defender");
        assert_eq!(fold("Defender-for-Endpoint"), "defender for endpoint");
        assert_eq!(fold("M\u{AD}D\u{200B}E"), "mde");
        assert_eq!(
            fold("エンドポイント用 Microsoft Defender"),
            "エンドポイント用microsoft defender"
        );
        assert_eq!(fold("fu\u{308}r"), "für");
        assert_eq!(fold("- list"), "- list");
    }

    #[test]
    fn build_rs_folds_every_form_as_the_matcher_folds_text() {
        for form in FORMS {
            assert_eq!(form.folded, fold(form.text), "{}", form.text);
        }
    }

    #[test]
    fn original_ranges_cover_what_was_folded_away() {
        let text = "see Micro\u{AD}soft\u{A0}\u{A0}Defender for End-\npoint's page";
        let all = find(text);
        assert_eq!(all.len(), 1);
        assert_eq!(
            &text[all[0].range.clone()],
            "Micro\u{AD}soft\u{A0}\u{A0}Defender for End-\npoint"
        );
        assert_eq!(
            &text[all[0].inflected.clone()],
            "Micro\u{AD}soft\u{A0}\u{A0}Defender for End-\npoint's"
        );
        assert_eq!(all[0].inflection, Some(Inflection::Possessive));
    }

    #[test]
    fn cjk_glue_and_particles() {
        assert_eq!(found("MDE와 연동"), [("MDE", "MDE")]);
        assert_eq!(found("SentryはMDEと連携"), [("MDE", "MDE")]);
        assert_eq!(
            found("Microsoft Defender ATP와 통합"),
            [("Microsoft Defender ATP", "Microsoft Defender ATP")]
        );
        assert_eq!(found("使用Azure AD、"), [("Azure AD", "Azure AD")]);
        assert_eq!(
            found("끝점용Microsoft Defender를"),
            [("끝점용Microsoft Defender", "끝점용 Microsoft Defender")]
        );
        assert_eq!(
            found("エンドポイン\nト用 Microsoft Defender"),
            [(
                "エンドポイン\nト用 Microsoft Defender",
                "エンドポイント用 Microsoft Defender"
            )]
        );
    }

    #[test]
    fn not_in_identifiers_addresses_or_other_words() {
        for text in [
            "MDE_TENANT_ID",
            "github.com/x/mde-connector",
            "https://example.com/MDE",
            "run mde.exe",
            "the --mde flag",
            "MDEX Corp made it",
            "MdePartner-Contoso-ContosoCognito/1.0.0",
            "install mde-connector",
            "Microsoft Defender for Cloud Apps and Microsoft Defender Antivirus",
            "Windows Defender Firewall",
            "適用於企業的 Microsoft Defender",
            "x@mde.io",
        ] {
            let forms: Vec<_> = find(text)
                .into_iter()
                .filter(|found| found.form.product == "Microsoft Defender for Endpoint")
                .collect();
            assert!(forms.is_empty(), "{text}: {forms:?}");
        }
    }

    #[test]
    fn inflections() {
        let cases = [
            ("MDEs are", Inflection::PluralOrGenitive, "MDEs"),
            ("two MDATPs", Inflection::PluralOrGenitive, "MDATPs"),
            (
                "Microsoft Defender for Endpoints",
                Inflection::PluralOrGenitive,
                "Microsoft Defender for Endpoints",
            ),
            (
                "Defender ATP's console",
                Inflection::Possessive,
                "Defender ATP's",
            ),
            (
                "Microsoft Sentinel’s rules",
                Inflection::Possessive,
                "Microsoft Sentinel’s",
            ),
        ];
        for (text, inflection, inflected) in cases {
            let all = find(text);
            assert_eq!(all.len(), 1, "{text}");
            assert_eq!(all[0].inflection, Some(inflection), "{text}");
            assert_eq!(&text[all[0].inflected.clone()], inflected, "{text}");
        }
    }

    #[test]
    fn german_compounds_are_the_name() {
        assert_eq!(
            found("Microsoft Defender XDR für Endpunktplan 1"),
            [(
                "Microsoft Defender XDR für Endpunkt",
                "Microsoft Defender XDR für Endpunkt"
            )]
        );
        assert_eq!(
            found("Azure AD-Anwendungsnamen"),
            [("Azure AD", "Azure AD")]
        );
    }

    #[test]
    fn former_names_introduced_as_such() {
        for text in [
            "Microsoft Defender for Endpoint (formerly Microsoft Defender ATP)",
            "Microsoft Sentinel, previously known as Azure Sentinel",
            "Microsoft Defender für Endpunkt (früher Microsoft Defender ATP)",
            "エンドポイント用 Microsoft Defender（旧称 Microsoft Defender ATP）",
            "Azure AD (now Microsoft Entra ID)",
            "適用於端點的 Microsoft Defender（舊稱 Windows Defender 進階威脅防護）",
        ] {
            let former: Vec<_> = find(text)
                .into_iter()
                .filter(|found| found.form.kind == Kind::Former)
                .collect();
            assert_eq!(former.len(), 1, "{text}");
            assert!(former[0].introduced_as_former, "{text}");
        }
        let plain = find("Microsoft Defender ATP now ships");
        assert!(!plain[0].introduced_as_former);
        let other = find("Azure AD (now Microsoft Sentinel)");
        assert!(!other[0].introduced_as_former);
    }

    #[test]
    fn an_acronym_spelled_out_as_something_else_is_not_the_product() {
        assert!(find("our MDE (model-driven engineering) toolkit").is_empty());
        assert_eq!(found("MDE (Microsoft Defender for Endpoint)").len(), 2);
    }

    #[test]
    fn a_text_of_one_long_token_is_matched_name_by_name() {
        let text = "MDE,".repeat(10_000);
        let all = find(&text);
        assert_eq!(all.len(), 10_000);
        assert_eq!(all[9_999].range, 39_996..39_999);
        // The scheme is out of reach, the host and the slash before the name are not.
        let address = format!("https://{}.example/MDE", "a".repeat(1_000));
        assert!(find(&address).is_empty());
    }

    #[test]
    fn acronyms_in_lower_case_are_identifiers() {
        assert!(find("the mde package").is_empty());
        assert_eq!(found("Mde and MDE"), [("Mde", "MDE"), ("MDE", "MDE")]);
    }
}
