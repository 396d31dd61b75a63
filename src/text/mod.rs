//! Pure functions over text: words, graphemes, names, patterns. No I/O, no policy.

pub mod chars;
pub mod names;
pub mod patterns;
pub mod quote;
pub mod suggest;
pub mod user_agent;
pub mod words;
