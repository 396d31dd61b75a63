//! Interim word splitting; replaced by the full words.md implementation.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub range: std::ops::Range<usize>,
}

pub fn split_words(text: &str, _lang: Option<&str>) -> Vec<Word> {
    let mut words = Vec::new();
    let mut offset = 0;
    for piece in text.split_inclusive(char::is_whitespace) {
        let word = piece.trim_end();
        if word.chars().any(char::is_alphanumeric) {
            words.push(Word {
                text: word.to_string(),
                range: offset..offset + word.len(),
            });
        }
        offset += piece.len();
    }
    words
}

pub fn count_words(text: &str, lang: Option<&str>) -> usize {
    split_words(text, lang).len()
}
