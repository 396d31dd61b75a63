//! Phrases the rules look for: placeholders, Microsoft marks, former and abbreviated product names
//! (from the names table, `text::names`), sample company names, contact details. Matching is
//! case-insensitive, on word boundaries, and tolerates any run of white space (line breaks
//! included) between the words of a phrase. Every function returns byte ranges into the text it
//! was given.

use std::ops::Range;
use std::sync::OnceLock;

use regex_automata::meta::{Config, Regex};
use regex_automata::nfa::thompson::WhichCaptures;

/// Texts up to this long (a manifest field, a short release) are searched by the light build
/// of a pattern; longer ones by the full build.
const SHORT_TEXT: usize = 16 * 1024;

/// A pattern built on first use, in one of two configurations of the same engine (so with the
/// same matches): a light one for short texts, without the lazy DFA, the one-pass DFA or a
/// literal prefilter, which costs microseconds to build where those cost milliseconds in every
/// process; and, only once a long text needs it, the full one, fast on megabytes.
struct Pattern {
    source: fn() -> String,
    light: OnceLock<Regex>,
    full: OnceLock<Regex>,
}

impl Pattern {
    const fn new(source: fn() -> String) -> Pattern {
        Pattern {
            source,
            light: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    fn regex(&self, text: &str) -> &Regex {
        let build = |config: Config| {
            // The patterns are fixed strings of this module; a failure here is caught by the
            // unit tests.
            Regex::builder()
                .configure(config.which_captures(WhichCaptures::Implicit))
                .build(&(self.source)())
                .unwrap_or_else(|_| never())
        };
        if text.len() <= SHORT_TEXT {
            self.light.get_or_init(|| {
                build(
                    Regex::config()
                        .hybrid(false)
                        .onepass(false)
                        .auto_prefilter(false),
                )
            })
        } else {
            self.full.get_or_init(|| build(Regex::config()))
        }
    }

    fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let regex = self.regex(text);
        regex.find_iter(text).map(|found| found.range())
    }
}

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::names::{self, Kind, NameForm};

/// A list of phrases, found case-insensitively (ASCII case folding: the phrases are ASCII) as
/// whole words, with any run of white space (line breaks and no-break spaces included) between
/// their words. An Aho–Corasick automaton over the phrases, built on first use (a fraction of a
/// millisecond), searches the text with its white space runs collapsed.
struct Phrases {
    phrases: &'static [&'static str],
    automaton: OnceLock<AhoCorasick>,
}

impl Phrases {
    const fn new(phrases: &'static [&'static str]) -> Phrases {
        Phrases {
            phrases,
            automaton: OnceLock::new(),
        }
    }

    fn automaton(&self) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            let patterns: Vec<String> = self
                .phrases
                .iter()
                .map(|phrase| phrase.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&patterns)
                .or_else(|_| AhoCorasick::new(Vec::<&str>::new()))
                .unwrap_or_else(|_| unreachable!("an empty automaton always builds"))
        })
    }

    /// The phrases in `text` that stand as whole words (no letter or digit on either side), in
    /// text order without overlaps: of those starting at one place, the longest.
    fn find(&self, text: &str) -> Vec<Range<usize>> {
        let collapsed = Collapsed::new(text);
        let mut candidates: Vec<Range<usize>> = self
            .automaton()
            .find_overlapping_iter(collapsed.text())
            .map(|found| collapsed.original(found.start()..found.end()))
            .filter(|range| {
                let before = text[..range.start].chars().next_back();
                let after = text[range.end..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .collect();
        candidates.sort_by_key(|range| (range.start, std::cmp::Reverse(range.end)));
        let mut chosen: Vec<Range<usize>> = Vec::with_capacity(candidates.len());
        for candidate in candidates {
            if chosen.last().is_none_or(|last| last.end <= candidate.start) {
                chosen.push(candidate);
            }
        }
        chosen
    }
}

/// A text with each run of white space written as one space, and the way back to the text's
/// own byte offsets.
struct Collapsed<'t> {
    original: &'t str,
    /// `None` when the text has no run to collapse: the text itself.
    text: Option<String>,
    /// Where each stretch copied as it is starts: (offset in `text`, offset in the original).
    stretches: Vec<(usize, usize)>,
}

impl<'t> Collapsed<'t> {
    fn new(original: &'t str) -> Collapsed<'t> {
        let needs = original
            .char_indices()
            .zip(original.chars().skip(1))
            .any(|((_, c), next)| c.is_whitespace() && (c != ' ' || next.is_whitespace()))
            || original
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() && c != ' ');
        if !needs {
            return Collapsed {
                original,
                text: None,
                stretches: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut stretches = vec![(0, 0)];
        let mut in_space = false;
        for (at, c) in original.char_indices() {
            if c.is_whitespace() {
                if !in_space {
                    text.push(' ');
                    in_space = true;
                }
            } else {
                if in_space {
                    stretches.push((text.len(), at));
                    in_space = false;
                }
                text.push(c);
            }
        }
        Collapsed {
            original,
            text: Some(text),
            stretches,
        }
    }

    fn text(&self) -> &str {
        self.text.as_deref().unwrap_or(self.original)
    }

    /// The original range of a range of the collapsed text that starts and ends next to text
    /// that is not white space (as every phrase does).
    fn original(&self, range: Range<usize>) -> Range<usize> {
        if self.text.is_none() {
            return range;
        }
        let map = |at: usize, from: usize| {
            let index = self
                .stretches
                .partition_point(|&(collapsed, _)| collapsed <= from)
                .saturating_sub(1);
            let (collapsed, original) = self.stretches[index];
            original + (at - collapsed)
        };
        map(range.start, range.start)..map(range.end, range.end.saturating_sub(1).max(range.start))
    }
}

fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("the empty class is valid"))
}

fn find_all(pattern: &Pattern, text: &str) -> Vec<Range<usize>> {
    pattern.find_iter(text).collect()
}

/// `{…}` and `<…>` slots left from a template.
/// The longest slot content, in characters.
const SLOT_CHARS: usize = 80;

/// `{…}`, `{{…}}` and `<…>` slots left from a template: what the regex
/// `\{\{?[^{}\n]{0,80}\}\}?|<[^<>\n]{1,80}>` finds, leftmost first, without its cost (the
/// counted repetition of a Unicode class compiles to thousands of automaton states).
fn template_slots(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find(['{', '<']) {
        let start = at + offset;
        let (open, close, excluded, least): (usize, char, &[char], usize) =
            if text[start..].starts_with('{') {
                let open = if text[start + 1..].starts_with('{') {
                    2
                } else {
                    1
                };
                (open, '}', &['{', '}', '\n'], 0)
            } else {
                (1, '>', &['<', '>', '\n'], 1)
            };
        let body = &text[start + open..];
        let mut end = None;
        for (chars, (index, c)) in body.char_indices().enumerate() {
            if c == close {
                end = (least..=SLOT_CHARS).contains(&chars).then_some(index);
                break;
            }
            if excluded.contains(&c) || chars == SLOT_CHARS {
                break;
            }
        }
        match end {
            Some(index) => {
                let mut stop = start + open + index + close.len_utf8();
                if close == '}' && text[stop..].starts_with('}') {
                    stop += 1;
                }
                found.push(start..stop);
                at = stop;
            }
            None => at = start + 1,
        }
    }
    found
}

const NAME_PLACEHOLDERS: &[&str] = &[
    "todo",
    "tbd",
    "tba",
    "fixme",
    "xxx",
    "product name",
    "your product",
    "your product name",
    "my product",
    "sample product",
    "example product",
    "lorem ipsum",
    "untitled",
    "placeholder",
];

const DESCRIPTION_PLACEHOLDERS: &[&str] = &[
    "lorem ipsum",
    "todo",
    "tbd",
    "tba",
    "fixme",
    "xxx",
    "insert description",
    "insert description here",
    "description here",
    "description goes here",
    "your description",
    "add description",
    "placeholder",
];

static NAME_PLACEHOLDER: Phrases = Phrases::new(NAME_PLACEHOLDERS);
static DESCRIPTION_PLACEHOLDER: Phrases = Phrases::new(DESCRIPTION_PLACEHOLDERS);

/// Placeholder phrases and template slots; a phrase inside a slot ("{Product Name}") is
/// reported once, as the slot.
fn with_slots(phrases: &Phrases, text: &str) -> Vec<Range<usize>> {
    let slots = template_slots(text);
    let mut found: Vec<Range<usize>> = phrases
        .find(text)
        .into_iter()
        .filter(|phrase| {
            !slots
                .iter()
                .any(|slot| slot.start <= phrase.start && phrase.end <= slot.end)
        })
        .collect();
    found.extend(slots);
    found.sort_by_key(|range| range.start);
    found
}

pub fn name_placeholders(text: &str) -> Vec<Range<usize>> {
    with_slots(&NAME_PLACEHOLDER, text)
}

pub fn description_placeholders(text: &str) -> Vec<Range<usize>> {
    with_slots(&DESCRIPTION_PLACEHOLDER, text)
}

pub const MICROSOFT_MARKS: &[&str] = &["Microsoft", "Windows", "Defender", "Azure", "Entra"];
static MICROSOFT_MARK: Phrases = Phrases::new(MICROSOFT_MARKS);

pub fn microsoft_marks(text: &str) -> Vec<Range<usize>> {
    MICROSOFT_MARK.find(text)
}

/// Microsoft's fictitious companies from its documentation and samples.
pub const SAMPLE_COMPANIES: &[&str] = &[
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Northwind",
    "Tailspin Toys",
    "Woodgrove Bank",
    "Woodgrove",
    "Litware",
    "Adventure Works",
    "Wingtip Toys",
    "Alpine Ski House",
    "Proseware",
    "Lucerne Publishing",
    "Coho Winery",
    "Coho Vineyard",
    "Wide World Importers",
    "Trey Research",
    "Humongous Insurance",
    "Fourth Coffee",
    "Blue Yonder Airlines",
    "Graphic Design Institute",
    "Southridge Video",
    "Relecloud",
    "Tailwind Traders",
    "VanArsdel",
    "Margie's Travel",
    "Consolidated Messenger",
];
static SAMPLE_COMPANY: Phrases = Phrases::new(SAMPLE_COMPANIES);

/// Builds the phrase automata now rather than on first use (see [`super::prepare`]).
pub fn prepare() {
    for phrases in [
        &NAME_PLACEHOLDER,
        &DESCRIPTION_PLACEHOLDER,
        &MICROSOFT_MARK,
        &SAMPLE_COMPANY,
    ] {
        phrases.automaton();
    }
}

pub fn sample_companies(text: &str) -> Vec<Range<usize>> {
    SAMPLE_COMPANY.find(text)
}

/// A former product name, with the current name to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyName {
    pub range: Range<usize>,
    pub current: &'static str,
    pub form: &'static NameForm,
}

/// Former product names (data/names.toml), except where the text presents them as former names
/// ("formerly …", "… (now …)").
pub fn legacy_names(text: &str) -> Vec<LegacyName> {
    names::find(text)
        .into_iter()
        .filter(|found| found.form.kind == Kind::Former && !found.introduced_as_former)
        .map(|found| LegacyName {
            range: found.range,
            current: found.form.product,
            form: found.form,
        })
        .collect()
}

/// An invented abbreviation of a Microsoft product name, with the full name to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abbreviation {
    pub range: Range<usize>,
    pub full: &'static str,
    pub form: &'static NameForm,
}

/// Invented abbreviations of product names (data/names.toml). One inside a longer name ("Defender
/// ATP" in "Microsoft Defender ATP") is that name, reported once as what it is.
pub fn abbreviations(text: &str) -> Vec<Abbreviation> {
    names::find(text)
        .into_iter()
        .filter(|found| found.form.kind == Kind::Abbreviation)
        .map(|found| Abbreviation {
            range: found.range,
            full: found.form.product,
            form: found.form,
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    Url,
    Email,
    Phone,
}

impl Contact {
    pub fn describe(self) -> &'static str {
        match self {
            Contact::Url => "a web address",
            Contact::Email => "an e-mail address",
            Contact::Phone => "a phone number",
        }
    }
}

static EMAIL: Pattern = Pattern::new(|| r"(?-u:[\w.+-]+@[\w-]+(?:\.[\w-]+)+)".to_string());
// Bare domains only with lowercase common TLDs, so "ASP.NET" or "Node.js" are not addresses.
static URL: Pattern = Pattern::new(|| {
    format!(
        r"(?i-u:\b(?:https?|ftp)://|\bwww\.)(?u:\S+)|(?-u:\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:{})\b)(?:/(?u:\S*))?",
        BARE_DOMAIN_ENDINGS.join("|")
    )
});
// International (+cc …) or grouped national numbers; dates (2026-11-02) and versions do not
// have the group lengths.
static PHONE: Pattern = Pattern::new(|| {
    String::from(
        r"(?-u:\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]?\d{2,4}){2,4}\b|(?:\(\d{3}\)\s?|\b\d{3}[\s.-])\d{3}[\s.-]\d{4}\b|\b\d{3}-\d{4}\b)",
    )
});

/// Web addresses, e-mail addresses and phone numbers, in text order, without overlaps.
pub fn contacts(text: &str) -> Vec<(Range<usize>, Contact)> {
    let mut found: Vec<(Range<usize>, Contact)> = Vec::new();
    for (regex, kind) in [
        (&EMAIL, Contact::Email),
        (&URL, Contact::Url),
        (&PHONE, Contact::Phone),
    ] {
        if !may_hold(text, kind) {
            continue;
        }
        for mut range in find_all(regex, text) {
            // Sentence punctuation after an address is not part of it.
            let trimmed = text[range.clone()]
                .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
            range.end = range.start + trimmed.len();
            let overlaps = found
                .iter()
                .any(|(other, _)| range.start < other.end && other.start < range.end);
            if !overlaps {
                found.push((range, kind));
            }
        }
    }
    found.sort_by_key(|(range, _)| range.start);
    found
}

/// The top-level domains a bare domain may end in (the URL pattern's list).
const BARE_DOMAIN_ENDINGS: &[&str] = &[
    "com", "net", "org", "io", "co", "ai", "dev", "app", "info", "biz", "us", "uk", "de", "fr",
    "jp", "cn", "eu", "ly", "gl", "gd",
];

/// Whether `text` has what every match of the pattern for `kind` needs: an `@` for an e-mail
/// address; `://`, `www.` or a dot before one of the bare domain endings for a web address; six
/// digits for a phone number. Most texts have none of them, and then the pattern is not built.
fn may_hold(text: &str, kind: Contact) -> bool {
    let bytes = text.as_bytes();
    match kind {
        Contact::Email => bytes.contains(&b'@'),
        Contact::Url => {
            text.contains("://")
                || bytes
                    .windows(4)
                    .any(|window| window.eq_ignore_ascii_case(b"www."))
                || bytes.iter().enumerate().any(|(at, &byte)| {
                    byte == b'.'
                        && BARE_DOMAIN_ENDINGS
                            .iter()
                            .any(|ending| bytes[at + 1..].starts_with(ending.as_bytes()))
                })
        }
        Contact::Phone => bytes.iter().filter(|byte| byte.is_ascii_digit()).count() >= 6,
    }
}

/// Query parameters that only track a campaign or a click: `utm_*` and these.
const TRACKING_PARAMETERS: &[&str] = &[
    "gclid",
    "gbraid",
    "wbraid",
    "dclid",
    "fbclid",
    "msclkid",
    "twclid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "hsctatracking",
    "mkt_tok",
    "yclid",
    "igshid",
    "_ga",
    "_gl",
];

/// Whether a query parameter only tracks a campaign or a click.
pub fn is_tracking_parameter(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING_PARAMETERS.contains(&name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'t>(text: &'t str, ranges: &[Range<usize>]) -> Vec<&'t str> {
        ranges.iter().map(|range| &text[range.clone()]).collect()
    }

    #[test]
    fn placeholders_are_whole_words_and_slots() {
        let text = "TODO: {product} stops <threat> attacks";
        assert_eq!(
            texts(text, &description_placeholders(text)),
            ["TODO", "{product}", "<threat>"]
        );
        assert!(description_placeholders("Protect todos los dispositivos").is_empty());
        let slot = "{Product Name}";
        assert_eq!(texts(slot, &name_placeholders(slot)), ["{Product Name}"]);
        let name = "Your  Product Name";
        assert_eq!(
            texts(name, &name_placeholders(name)),
            ["Your  Product Name"]
        );
    }

    #[test]
    fn marks_and_sample_companies() {
        let text = "Contoso Windows Guard for defender";
        assert_eq!(texts(text, &microsoft_marks(text)), ["Windows", "defender"]);
        assert_eq!(texts(text, &sample_companies(text)), ["Contoso"]);
        assert!(sample_companies("Contosoft").is_empty());
    }

    #[test]
    fn legacy_names_give_the_current_name_unless_introduced_as_former() {
        let text = "Send alerts to Microsoft\nDefender ATP and Azure Sentinel";
        let found = legacy_names(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].range.clone()], "Microsoft\nDefender ATP");
        assert_eq!(found[0].current, "Microsoft Defender for Endpoint");
        assert_eq!(found[1].current, "Microsoft Sentinel");
        for former in [
            "Microsoft Defender for Endpoint (formerly Microsoft Defender ATP)",
            "Microsoft Sentinel, previously known as Azure Sentinel",
            "Microsoft Defender für Endpunkt (früher Microsoft Defender ATP)",
            "エンドポイント用 Microsoft Defender（旧称 Microsoft Defender ATP）",
        ] {
            assert!(legacy_names(former).is_empty(), "{former}");
        }
    }

    #[test]
    fn abbreviations_inside_legacy_names_are_not_reported_twice() {
        let text = "MDE and MS Defender, not Microsoft Defender ATP";
        let found: Vec<&str> = abbreviations(text)
            .iter()
            .map(|abbreviation| &text[abbreviation.range.clone()])
            .collect();
        assert_eq!(found, ["MDE", "MS Defender"]);
        assert!(abbreviations("MdePartner-Contoso").is_empty());
    }

    #[test]
    fn contacts_but_not_versions_dates_or_dotted_names() {
        let text = "Visit https://contoso.com/x, write sales@contoso.com or call +1 425 555 0100";
        let kinds: Vec<Contact> = contacts(text).into_iter().map(|(_, kind)| kind).collect();
        assert_eq!(kinds, [Contact::Url, Contact::Email, Contact::Phone]);
        assert_eq!(contacts("see contoso.com today")[0].1, Contact::Url);
        let sentence = "see tenvik.io/sentry.";
        assert_eq!(
            &sentence[contacts(sentence)[0].0.clone()],
            "tenvik.io/sentry"
        );
        for clean in [
            "v2.0 released 2026-11-02 for ASP.NET and Node.js, 24/7",
            "Stream 10,000 alerts per second",
        ] {
            assert!(contacts(clean).is_empty(), "{clean}");
        }
    }

    /// What the phrase patterns were as one regex: the phrases longest first, white space
    /// flexible, ASCII case folding, whole words checked after the match.
    fn phrase_regex_matches(phrases: &[&str], text: &str) -> Vec<Range<usize>> {
        let mut sorted = phrases.to_vec();
        sorted.sort_by_key(|phrase| std::cmp::Reverse(phrase.len()));
        let alternatives: Vec<String> = sorted
            .iter()
            .map(|phrase| {
                phrase
                    .split_whitespace()
                    .map(regex_syntax::escape)
                    .collect::<Vec<_>>()
                    .join(r"(?u:\s+)")
            })
            .collect();
        let regex =
            regex_automata::meta::Regex::new(&format!(r"(?i-u:{})", alternatives.join("|")))
                .unwrap();
        regex
            .find_iter(text)
            .map(|found| found.range())
            .filter(|found| {
                let before = text[..found.start].chars().next_back();
                let after = text[found.end..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
            .collect()
    }

    #[test]
    fn phrases_are_what_the_phrase_regex_finds() {
        let lists: [&[&str]; 4] = [
            NAME_PLACEHOLDERS,
            DESCRIPTION_PLACEHOLDERS,
            MICROSOFT_MARKS,
            SAMPLE_COMPANIES,
        ];
        let cases = [
            "TODO: Your Product Name by CONTOSO for\u{a0}Microsoft Defender",
            "Northwind  Traders,\nnorthwind\ttraders and Northwind\r\n\u{2003}Traders!",
            "insert description here; description goes here — add\u{a0}\u{a0}description",
            "Wide\nWorld\n\nImporters and Margie's Travel, Margie’s Travel",
            "  leading and trailing  \n\u{3000}Azure\u{3000}Entra  ",
            "été Contoso é, Contosoé, éContoso, ContosoAzure, Azure-Entra, _Windows_",
            "lorem ipsum lorem\u{85}ipsum LOREM IPSUM tbd/tba xxx-fixme",
            "",
            " ",
            "Woodgrove Bank Woodgrove Coho Winery Coho Vineyard Coho",
        ];
        for phrases in lists {
            let automaton = Phrases::new(phrases);
            for case in cases {
                assert_eq!(
                    automaton.find(case),
                    phrase_regex_matches(phrases, case),
                    "{case:?}"
                );
            }
        }
    }

    #[test]
    fn a_longer_phrase_that_is_not_a_whole_word_leaves_the_shorter_one() {
        // "Northwind Tradersx" is no whole word; "Northwind" in it is.
        let text = "Northwind Tradersx";
        assert_eq!(texts(text, &sample_companies(text)), ["Northwind"]);
    }

    #[test]
    fn collapsed_white_space_maps_back_to_the_text() {
        let text = "a \u{a0}\n b\tc  d";
        let collapsed = Collapsed::new(text);
        assert_eq!(collapsed.text(), "a b c d");
        let found = collapsed.original(2..5);
        assert_eq!(&text[found], "b\tc");
        assert_eq!(Collapsed::new("one two").text, None);
    }

    #[test]
    fn a_contact_pattern_is_not_built_for_a_text_without_what_it_needs() {
        for (text, kind, may) in [
            ("Stops ransomware on every endpoint.", Contact::Url, false),
            ("Stops ransomware on every endpoint.", Contact::Email, false),
            ("Version 2.0 from 2026", Contact::Phone, true),
            ("Version 2.0", Contact::Phone, false),
            ("+1 425 5", Contact::Phone, false),
            ("see contoso.com", Contact::Url, true),
            ("WWW.contoso", Contact::Url, true),
            ("a@b", Contact::Email, true),
            ("+1 425 55", Contact::Phone, true),
        ] {
            assert_eq!(may_hold(text, kind), may, "{text:?} {kind:?}");
        }
    }

    #[test]
    fn template_slots_are_what_the_regex_finds() {
        let regex =
            regex_automata::meta::Regex::new(r"\{\{?[^{}\n]{0,80}\}\}?|<[^<>\n]{1,80}>").unwrap();
        let long = "x".repeat(80);
        let longer = "é".repeat(81);
        let cases = [
            "Contoso {Product} for {{Company}} <your product>".to_string(),
            "{} <> {{}} {{x}} {x}} {{x} {{{x}}} <<a>> {<a>} {\n} <a\nb> {a{b}".to_string(),
            format!("{{{long}}} <{long}> {{{longer}}} <{longer}> {{ <é> }}"),
            "{é}}}} <ü>> {{{{ }}}} <".to_string(),
        ];
        for case in cases {
            let expected: Vec<Range<usize>> =
                regex.find_iter(&case).map(|found| found.range()).collect();
            assert_eq!(super::template_slots(&case), expected, "{case:?}");
        }
    }
}
