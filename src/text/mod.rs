//! Pure functions over text: words, graphemes, names, patterns. No I/O, no policy.

pub mod chars;
pub mod names;
pub mod patterns;
pub mod quote;
pub mod suggest;
pub mod user_agent;
pub mod words;

/// Builds the automata the text rules search with (the names table, the placeholder, mark and
/// sample-company phrases), which are otherwise built on first use. A caller with a spare
/// thread runs this while it reads and renders, so that the first text rule finds them ready;
/// a rule that needs one still being built waits for it, and nothing is built twice.
pub fn prepare() {
    names::prepare();
    patterns::prepare();
}
