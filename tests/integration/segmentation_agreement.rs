//! How often our segmentation of Japanese and Chinese agrees with the browser's.
//!
//! tests/data/segmentation/{ja,zh}.json hold real sentences and, for each, the reference words
//! that tools/segmenter-reference.mjs derived from Node's `Intl.Segmenter` (ICU4C) by the rules of
//! words.md. Regenerate them with `node tools/segmenter-reference.mjs tests/data/segmentation/*.json`.
//!
//! Agreement, per language: the number of reference words whose exact span (start, end), in
//! Unicode code points from the start of the sentence, is also the span of a word that
//! `split_words(sentence, Some(lang))` returns, divided by the total number of reference words.
//! A reference word that we split, merge with a neighbour or shift by one character counts as a
//! miss; extra words of ours that match nothing do not add misses on their own, but they can only
//! arise by splitting or merging reference words, which does.
//!
//! Latin runs follow the same rule on both sides, so they agree by construction; the figure that
//! says how good the dictionary segmentation is, is the one over CJK words only (reference words
//! that hold a Han, Hiragana or Katakana character), which is printed and held to the same bar.

use std::collections::HashSet;
use std::error::Error;
use std::path::Path;

use mdelist::text::words::split_words;
use serde::Deserialize;

const REQUIRED_AGREEMENT: f64 = 0.95;
const REQUIRED_SENTENCES: usize = 30;

#[derive(Deserialize)]
struct ReferenceFile {
    lang: String,
    sentences: Vec<Sentence>,
}

#[derive(Deserialize)]
struct Sentence {
    text: String,
    words: Vec<ReferenceWord>,
}

#[derive(Deserialize)]
struct ReferenceWord {
    text: String,
    start: usize,
    end: usize,
}

struct Agreement {
    matched: usize,
    total: usize,
    cjk_matched: usize,
    cjk_total: usize,
}

fn load(lang: &str) -> Result<ReferenceFile, Box<dyn Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/segmentation")
        .join(format!("{lang}.json"));
    let json = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let file = serde_json::from_str(&json).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(file)
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}' | '\u{20000}'..='\u{3134F}')
}

/// Our words of `text` as code-point spans.
fn our_spans(text: &str, lang: &str) -> HashSet<(usize, usize)> {
    let code_points = |byte: usize| text[..byte].chars().count();
    split_words(text, Some(lang))
        .into_iter()
        .map(|w| (code_points(w.range.start), code_points(w.range.end)))
        .collect()
}

fn measure(file: &ReferenceFile) -> Agreement {
    let mut agreement = Agreement {
        matched: 0,
        total: 0,
        cjk_matched: 0,
        cjk_total: 0,
    };
    for sentence in &file.sentences {
        let ours = our_spans(&sentence.text, &file.lang);
        let mut misses = Vec::new();
        for word in &sentence.words {
            let hit = ours.contains(&(word.start, word.end));
            let cjk = word.text.chars().any(is_cjk);
            agreement.total += 1;
            agreement.matched += usize::from(hit);
            agreement.cjk_total += usize::from(cjk);
            agreement.cjk_matched += usize::from(hit && cjk);
            if !hit {
                misses.push(word.text.as_str());
            }
        }
        if !misses.is_empty() {
            let our_words: Vec<String> = split_words(&sentence.text, Some(&file.lang))
                .into_iter()
                .map(|w| w.text)
                .collect();
            println!(
                "[{}] missed {:?}\n    ours: {}\n    ref:  {}",
                file.lang,
                misses,
                our_words.join(" | "),
                sentence
                    .words
                    .iter()
                    .map(|w| w.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
    }
    agreement
}

fn share(matched: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        matched as f64 / total as f64
    }
}

fn check_language(lang: &str) -> Result<(), Box<dyn Error>> {
    let file = load(lang)?;
    assert_eq!(file.lang, lang);
    assert!(
        file.sentences.len() >= REQUIRED_SENTENCES,
        "{lang}: {} sentences, need at least {REQUIRED_SENTENCES}",
        file.sentences.len()
    );
    for sentence in &file.sentences {
        let length = sentence.text.chars().count();
        assert!(
            (15..=60).contains(&length),
            "{lang}: sentence of {length} characters: {}",
            sentence.text
        );
        assert!(
            !sentence.words.is_empty(),
            "{lang}: no reference words: {}",
            sentence.text
        );
    }

    let result = measure(&file);
    let all = share(result.matched, result.total);
    let cjk = share(result.cjk_matched, result.cjk_total);
    println!(
        "{lang}: {} sentences; agreement {:.1} % ({}/{} reference words), CJK words only {:.1} % ({}/{})",
        file.sentences.len(),
        all * 100.0,
        result.matched,
        result.total,
        cjk * 100.0,
        result.cjk_matched,
        result.cjk_total
    );
    assert!(
        all >= REQUIRED_AGREEMENT,
        "{lang}: agreement {:.1} % is below {:.0} %",
        all * 100.0,
        REQUIRED_AGREEMENT * 100.0
    );
    assert!(
        cjk >= REQUIRED_AGREEMENT,
        "{lang}: CJK-word agreement {:.1} % is below {:.0} %",
        cjk * 100.0,
        REQUIRED_AGREEMENT * 100.0
    );
    Ok(())
}

#[test]
fn japanese_agrees_with_intl_segmenter() -> Result<(), Box<dyn Error>> {
    check_language("ja")
}

#[test]
fn chinese_agrees_with_intl_segmenter() -> Result<(), Box<dyn Error>> {
    check_language("zh")
}
