//! User text inside a message.

/// Quotes user text in a message, shortened so a hostile 1 MB value cannot flood the output.
pub fn quote(text: &str) -> String {
    const MAX: usize = 60;
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(MAX).collect();
    let escaped: String = head
        .chars()
        .map(|c| match c {
            // Written as they would be in listing.toml, so the user can find them.
            '\t' => "\\t".to_string(),
            '\n' => "\\n".to_string(),
            '\r' => "\\r".to_string(),
            c if c.is_control() || super::chars::is_invisible(c) => {
                format!("\\u{:04X}", c as u32)
            }
            c => c.to_string(),
        })
        .collect();
    if chars.next().is_some() {
        format!("\"{escaped}…\"")
    } else {
        format!("\"{escaped}\"")
    }
}
