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

use super::names::{self, Kind, NameForm};

/// A regex matching any of `phrases` as whole words, longest first, white space flexible.
fn phrase_regex(phrases: &[&str]) -> String {
    let mut sorted: Vec<&str> = phrases.to_vec();
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
    // ASCII case folding and no `\b`: Unicode word boundaries and case folding make these
    // regexes tens of times costlier to build, and whole-word matching is checked afterwards.
    format!(r"(?i-u:{})", alternatives.join("|"))
}

/// Matches of a phrase regex that stand as whole words (no letter or digit on either side).
fn word_matches(pattern: &Pattern, text: &str) -> Vec<Range<usize>> {
    pattern
        .find_iter(text)
        .filter(|found| {
            let before = text[..found.start].chars().next_back();
            let after = text[found.end..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .collect()
}

fn never() -> Regex {
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("the empty class is valid"))
}

fn find_all(pattern: &Pattern, text: &str) -> Vec<Range<usize>> {
    pattern.find_iter(text).collect()
}

fn find_words(pattern: &Pattern, text: &str) -> Vec<Range<usize>> {
    word_matches(pattern, text)
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

static NAME_PLACEHOLDER: Pattern = Pattern::new(|| phrase_regex(NAME_PLACEHOLDERS));
static DESCRIPTION_PLACEHOLDER: Pattern = Pattern::new(|| phrase_regex(DESCRIPTION_PLACEHOLDERS));

/// Placeholder phrases and template slots; a phrase inside a slot ("{Product Name}") is
/// reported once, as the slot.
fn with_slots(regex: &Pattern, text: &str) -> Vec<Range<usize>> {
    let slots = template_slots(text);
    let mut found: Vec<Range<usize>> = find_words(regex, text)
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
static MICROSOFT_MARK: Pattern = Pattern::new(|| phrase_regex(MICROSOFT_MARKS));

pub fn microsoft_marks(text: &str) -> Vec<Range<usize>> {
    find_words(&MICROSOFT_MARK, text)
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
static SAMPLE_COMPANY: Pattern = Pattern::new(|| phrase_regex(SAMPLE_COMPANIES));

pub fn sample_companies(text: &str) -> Vec<Range<usize>> {
    find_words(&SAMPLE_COMPANY, text)
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
    String::from(
        r"(?i-u:\b(?:https?|ftp)://|\bwww\.)(?u:\S+)|(?-u:\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|ai|dev|app|info|biz|us|uk|de|fr|jp|cn|eu|ly|gl|gd)\b)(?:/(?u:\S*))?",
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
