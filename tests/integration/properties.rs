//! Properties that must hold for any input, checked on generated cases: word counting, the
//! User-Agent, and the review window.

use jiff::civil::Date;
use mdelist::review::{days_between, earliest_publish_date};
use mdelist::text::user_agent;
use mdelist::text::words::count_words;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// A word of a spaced script: letters and digits, with the joiners words.md keeps inside.
fn spaced_word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z][A-Za-z0-9]{0,11}",
        "[A-Za-z]{1,6}-[A-Za-z]{1,6}",
        "[A-Za-z]{1,5}/[A-Za-z]{1,5}",
        "[a-zà-öø-ÿ]{1,8}",
        "[а-я]{1,8}",
        "[0-9]{1,4}",
    ]
}

fn white_space() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(" "),
        Just("  "),
        Just("\t"),
        Just("\n"),
        Just("\u{00A0}"),
        Just("\u{3000}")
    ]
    .prop_map(str::to_string)
}

fn join(words: &[String], separators: &[String]) -> String {
    let mut text = String::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            text.push_str(&separators[index % separators.len()]);
        }
        text.push_str(word);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Each spaced-script word counts once, whatever white space separates the words.
    #[test]
    fn words_count_once_whatever_the_white_space(
        words in proptest::collection::vec(spaced_word(), 0..30),
        separators in proptest::collection::vec(white_space(), 1..4),
    ) {
        let text = join(&words, &separators);
        prop_assert_eq!(count_words(&text, None), words.len());
        let padded = format!("{}{text}{}", separators[0], separators[separators.len() - 1]);
        prop_assert_eq!(count_words(&padded, None), words.len());
    }

    /// Adding a word adds one; punctuation on its own adds none.
    #[test]
    fn adding_a_word_adds_one(
        words in proptest::collection::vec(spaced_word(), 0..20),
        extra in spaced_word(),
        punctuation in "[-–&|/•·]{1,3}",
    ) {
        let text = words.join(" ");
        let before = count_words(&text, None);
        prop_assert_eq!(count_words(&format!("{text} {extra}"), None), before + 1);
        prop_assert_eq!(count_words(&format!("{text} {punctuation}"), None), before);
    }

    /// Composed and decomposed forms of the same text count the same.
    #[test]
    fn nfc_and_nfd_agree(text in "[a-zà-öø-ÿA-ZÀ-ÖØ-Þ ]{0,60}|[ぁ-んァ-ン一-龥]{0,20}") {
        let composed: String = text.nfc().collect();
        let decomposed: String = text.nfd().collect();
        prop_assert_eq!(count_words(&composed, None), count_words(&decomposed, None));
    }

    /// Any derivable User-Agent parses back into the tokens it was made from.
    #[test]
    fn derived_user_agents_round_trip(
        company in "[ -~]{1,30}",
        product in "[ -~À-ÿ]{1,40}",
        version in "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(-[a-z0-9]{1,6})?",
    ) {
        match user_agent::derive(&company, &product, &version) {
            Some(derived) => {
                let parts = user_agent::parse(&derived).unwrap();
                prop_assert_eq!(parts.company, user_agent::name_token(&company));
                prop_assert_eq!(parts.product, user_agent::name_token(&product));
                prop_assert_eq!(parts.version, version.as_str());
                prop_assert!(!parts.ambiguous);
                prop_assert!(derived.chars().all(|c| user_agent::is_token_char(c) || c == '/'));
            }
            None => prop_assert!(
                user_agent::name_token(&company).is_empty() || user_agent::name_token(&product).is_empty()
            ),
        }
    }

    /// The window is ten calendar days from any submission date, across months, years and
    /// leap days.
    #[test]
    fn the_window_is_ten_calendar_days(days in 0i64..200_000) {
        let submitted = Date::constant(1900, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
        let earliest = earliest_publish_date(submitted);
        prop_assert_eq!(days_between(submitted, earliest), 10);
        prop_assert!(earliest > submitted);
    }
}
