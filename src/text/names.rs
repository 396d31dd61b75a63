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

/// Built on first use: a contiguous NFA over about a hundred short patterns builds in
/// microseconds (a DFA would search a little faster and build tens of times slower).
static MATCHER: LazyLock<Matcher> = LazyLock::new(Matcher::new);

impl Matcher {
    fn new() -> Matcher {
        let forms: Vec<&'static NameForm> = FORMS.iter().collect();
        let patterns: Vec<String> = forms.iter().map(|form| fold(form.text)).collect();
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .or_else(|_| AhoCorasick::new(Vec::<String>::new()))
            .unwrap_or_else(|_| unreachable!("an empty automaton always builds"));
        Matcher { automaton, forms }
    }
}

/// Builds the matcher now (for benchmarks: the first search otherwise pays for it).
pub fn prepare() {
    LazyLock::force(&MATCHER);
}

/// The folded form of a table entry, as the matcher looks for it.
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
    let start = text[..range.start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let end = text[range.end..]
        .find(char::is_whitespace)
        .map_or(text.len(), |at| range.end + at);
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
    let Some(close) = inside.find(')') else {
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
    initials == acronym && fold(form.product) != inside[..close].trim()
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
    Text(String),
    Space { line_break: bool },
    Hyphen,
}

/// A folded copy of a text, with where each piece of it came from.
struct Folded {
    text: String,
    /// (offset in the folded text, range in the original), in order.
    origins: Vec<(usize, Range<usize>)>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let pieces = pieces(text);
        let mut folded = Folded {
            text: String::with_capacity(text.len()),
            origins: Vec::with_capacity(pieces.len()),
        };
        let mut index = 0;
        while let Some((piece, range)) = pieces.get(index) {
            index += 1;
            let previous = folded.text.chars().next_back();
            let next_text = |at: usize| match pieces.get(at) {
                Some((Piece::Text(next), _)) => next.chars().next(),
                _ => None,
            };
            match piece {
                Piece::Text(piece) => folded.push(piece, range.clone()),
                Piece::Space { .. } => {
                    let next = next_text(index);
                    let cjk = previous.is_some_and(is_cjk) || next.is_some_and(is_cjk);
                    if !cjk && previous.is_some() && previous != Some(' ') {
                        folded.push(" ", range.clone());
                    }
                }
                Piece::Hyphen => {
                    let letter_before = previous.is_some_and(char::is_alphanumeric);
                    if let Some((Piece::Space { line_break: true }, space)) = pieces.get(index)
                        && letter_before
                        && next_text(index + 1).is_some_and(char::is_alphanumeric)
                    {
                        // A word broken at a line end ("End-\npoint") is one word; a hyphen
                        // before a capital ("Microsoft-\nDefender") separates two.
                        let next = pieces
                            .get(index + 1)
                            .and_then(|(_, range)| text.get(range.clone()))
                            .and_then(|original| original.chars().next());
                        if !next.is_some_and(char::is_lowercase) {
                            folded.push(" ", range.start..space.end);
                        }
                        index += 1;
                    } else if letter_before && next_text(index).is_some_and(char::is_alphanumeric) {
                        folded.push(" ", range.clone());
                    } else {
                        folded.push("-", range.clone());
                    }
                }
            }
        }
        folded
    }

    fn push(&mut self, piece: &str, range: Range<usize>) {
        self.origins.push((self.text.len(), range));
        self.text.push_str(piece);
    }

    /// The original range of a folded range.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        let index = |offset: usize| {
            self.origins
                .partition_point(|(at, _)| *at <= offset)
                .saturating_sub(1)
        };
        let first = self.origins.get(index(range.start));
        let last = self
            .origins
            .get(index(range.end.saturating_sub(1).max(range.start)));
        match (first, last) {
            (Some((_, first)), Some((_, last))) => first.start..last.end.max(first.start),
            _ => 0..0,
        }
    }
}

/// The text as folded pieces: a grapheme cluster folded (NFKC, lower case, invisible characters
/// dropped), a run of white space, or a hyphen.
fn pieces(text: &str) -> Vec<(Piece, Range<usize>)> {
    let mut pieces: Vec<(Piece, Range<usize>)> = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        // ASCII (the common case) needs no segmentation, unless a combining mark follows.
        if byte.is_ascii() && bytes.get(at + 1).is_none_or(u8::is_ascii) {
            let range = at..at + 1;
            at += 1;
            match byte {
                b' ' | b'\t' | b'\x0B' | b'\x0C' => push_space(&mut pieces, range, false),
                b'\n' | b'\r' => push_space(&mut pieces, range, true),
                b'-' => pieces.push((Piece::Hyphen, range)),
                _ => pieces.push((
                    Piece::Text(char::from(byte.to_ascii_lowercase()).to_string()),
                    range,
                )),
            }
            continue;
        }
        let Some(grapheme) = text[at..].graphemes(true).next() else {
            break;
        };
        let range = at..at + grapheme.len();
        at = range.end;
        if grapheme.chars().all(char::is_whitespace) {
            let line_break = grapheme
                .chars()
                .any(|c| matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'));
            push_space(&mut pieces, range, line_break);
            continue;
        }
        let folded: String = grapheme
            .nfkc()
            .flat_map(char::to_lowercase)
            .filter(|c| !is_ignorable(*c))
            .collect();
        if folded.is_empty() {
            continue;
        }
        if folded.chars().all(is_hyphen) {
            pieces.push((Piece::Hyphen, range));
        } else if folded.chars().all(char::is_whitespace) {
            push_space(&mut pieces, range, false);
        } else {
            pieces.push((Piece::Text(folded), range));
        }
    }
    pieces
}

/// Adds white space, merged with white space right before it.
fn push_space(pieces: &mut Vec<(Piece, Range<usize>)>, range: Range<usize>, breaks: bool) {
    if let Some((Piece::Space { line_break }, last)) = pieces.last_mut()
        && last.end == range.start
    {
        *line_break |= breaks;
        last.end = range.end;
        return;
    }
    pieces.push((Piece::Space { line_break: breaks }, range));
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
    fn acronyms_in_lower_case_are_identifiers() {
        assert!(find("the mde package").is_empty());
        assert_eq!(found("Mde and MDE"), [("Mde", "MDE"), ("MDE", "MDE")]);
    }
}
