//! The review calendar as an RFC 5545 iCalendar file: one all-day event for the end of each
//! release's review window and one for each planned publication. UIDs are derived from the
//! listing and the release, never from the run, so importing a newer file updates the events
//! instead of adding copies.

use jiff::civil::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The first day the release may be published (`submitted` + 10 days).
    WindowEnds,
    /// The planned publication (`publish`).
    Publication,
}

impl EventKind {
    fn slug(self) -> &'static str {
        match self {
            EventKind::WindowEnds => "review-window-ends",
            EventKind::Publication => "planned-publication",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub kind: EventKind,
    pub date: Date,
    /// What identifies the release across runs: the listing's path and the release file.
    pub identity: String,
    pub summary: String,
    pub description: String,
}

/// FNV-1a, 64 bits: stable across builds and platforms, unlike the standard hasher.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// TEXT values escape backslash, semicolon, comma and newline (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Content lines are folded at 75 octets, never inside a UTF-8 sequence (§3.1).
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// The calendar. `stamp` (DTSTAMP, required) is the day the file is made.
pub fn calendar(events: &[Event], stamp: Date) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//mdelist//press release review window//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Press release reviews",
    ] {
        push_line(&mut out, line);
    }
    for event in events {
        let uid = format!(
            "{}-{:016x}@mdelist",
            event.kind.slug(),
            fingerprint(&event.identity)
        );
        let next_day = event.date.tomorrow().unwrap_or(event.date);
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{uid}"));
        push_line(&mut out, &format!("DTSTAMP:{}T000000Z", compact(stamp)));
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", compact(event.date)),
        );
        push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", compact(next_day)));
        push_line(&mut out, &format!("SUMMARY:{}", escape(&event.summary)));
        push_line(
            &mut out,
            &format!("DESCRIPTION:{}", escape(&event.description)),
        );
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn event(kind: EventKind, on: Date) -> Event {
        Event {
            kind,
            date: on,
            identity: "Contoso\nContoso Cognito\npress/launch.md".into(),
            summary: "Review window ends: press/launch.md, Contoso Cognito".into(),
            description: "Submitted 2026-11-02; may be published from this day; once approved."
                .into(),
        }
    }

    #[test]
    fn all_day_events_with_stable_uids_and_folded_escaped_lines() {
        let text = calendar(
            &[
                event(EventKind::WindowEnds, date(2026, 12, 31)),
                event(EventKind::Publication, date(2027, 1, 5)),
            ],
            date(2026, 11, 22),
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
        assert!(text.contains("SUMMARY:Review window ends: press/launch.md\\, Contoso Cognito"));
        assert!(text.contains("Submitted 2026-11-02\\; may be"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        // The same release gives the same UIDs on every run; the two events differ.
        let again = calendar(
            &[event(EventKind::WindowEnds, date(2027, 1, 2))],
            date(2026, 12, 1),
        );
        let uid = |text: &str| {
            text.lines()
                .find(|line| line.starts_with("UID:"))
                .unwrap()
                .to_string()
        };
        assert_eq!(uid(&text), uid(&again));
        assert_eq!(text.matches("UID:").count(), 2);
        assert_ne!(
            text.lines().filter(|line| line.starts_with("UID:")).nth(1),
            Some(uid(&text).as_str())
        );
    }

    #[test]
    fn folding_never_splits_a_character() {
        let mut out = String::new();
        push_line(
            &mut out,
            &format!("SUMMARY:{}", "エンドポイント用".repeat(10)),
        );
        for line in out.split("\r\n") {
            assert!(line.len() <= 75);
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "エンドポイント用".repeat(10))
        );
    }
}
