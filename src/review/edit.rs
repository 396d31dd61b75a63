//! `review submit` and `review record` as pure edits of the manifest text: text in, text out.
//! The edit is decided on a TOML document, then made as one splice into the original text at
//! the byte offsets the parser found, so every byte outside the edited `[[press_release]]`
//! stays as it was: CRLF line endings, dotted keys, comments, and headers spelled
//! `[ product . extra ]`. Writing the result is the caller's (atomic, locked) step.

use jiff::civil::Date;
use std::ops::Range;

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::{Team, Verdict, add_days};

/// Why an edit was refused; each message says what to do instead.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("not valid TOML ({0}); fix it first (mdelist check shows where)")]
    Syntax(String),
    #[error("listing.toml has no [[press_release]] table; add one with file = \"{release}\" first")]
    NoReleases { release: String },
    #[error(
        "no [[press_release]] in listing.toml has file = \"{release}\"; the press releases are: {known}"
    )]
    UnknownRelease { release: String, known: String },
    #[error(
        "\"{release}\" is not listed in listing.toml yet, so no verdict can be recorded on it: \
         record its submission first with `{submit}`, which adds it"
    )]
    Unlisted { release: String, submit: String },
    #[error(
        "`press_release` in listing.toml is not written as [[press_release]] tables; edit it by hand"
    )]
    Unusual,
    #[error("{0} cannot be written as a TOML date (years 0001 to 9999)")]
    OutOfRange(Date),
    #[error("{date} is after today ({today}): record the date it actually happened")]
    Future { date: Date, today: Date },
    #[error(
        "\"{release}\" was last submitted on {submitted}; a new round cannot start on or before that day"
    )]
    NotAfterLastRound { release: String, submitted: Date },
    #[error(
        "a verdict on \"{release}\" was recorded on {verdict}; a new round answers it, so it starts \
         after that day: use --date {next} or later"
    )]
    BeforeVerdict {
        release: String,
        verdict: Date,
        next: Date,
    },
    #[error(
        "\"{release}\" has not been submitted for review yet: run `mdelist review submit --release \
         {release}` first"
    )]
    NotSubmitted { release: String },
    #[error(
        "{date} is before \"{release}\" was submitted ({submitted}): a verdict answers a submission; \
         check the date"
    )]
    BeforeSubmission {
        release: String,
        date: Date,
        submitted: Date,
    },
}

/// A date as a TOML local date.
fn toml_date(date: Date) -> Value {
    let datetime = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: date.year() as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    };
    Value::from(datetime)
}

fn read_date(item: Option<&Item>) -> Option<Date> {
    let datetime = item?.as_datetime()?;
    if datetime.time.is_some() {
        return None;
    }
    let date = datetime.date?;
    Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
}

/// `./press/a.md` and `press/a.md` name the same release.
fn normalized(path: &str) -> &str {
    let mut path = path.trim();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

/// Splits off a UTF-8 byte-order mark, which the TOML parser does not accept; it is put back.
fn split_bom(text: &str) -> (&str, &str) {
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => ("\u{FEFF}", rest),
        None => ("", text),
    }
}

/// The `[[press_release]]` table whose `file` is `release`.
fn release_table<'d>(
    document: &'d mut DocumentMut,
    release: &str,
) -> Result<(usize, &'d mut Table), EditError> {
    let Some(item) = document.get_mut("press_release") else {
        return Err(EditError::NoReleases {
            release: release.into(),
        });
    };
    let Some(tables) = item.as_array_of_tables_mut() else {
        return Err(EditError::Unusual);
    };
    let wanted = normalized(release);
    let files: Vec<String> = tables
        .iter()
        .map(|table| {
            table
                .get("file")
                .and_then(Item::as_str)
                .map(|file| normalized(file).to_string())
                .unwrap_or_default()
        })
        .collect();
    // The exact path, or a path to the same file given from elsewhere (…/listing/press/a.md).
    let index = files.iter().position(|file| file == wanted).or_else(|| {
        files
            .iter()
            .position(|file| !file.is_empty() && wanted.ends_with(&format!("/{file}")))
    });
    match index.and_then(|index| Some((index, tables.get_mut(index)?))) {
        Some(found) => Ok(found),
        None => Err(EditError::UnknownRelease {
            release: release.into(),
            known: files
                .iter()
                .filter(|file| !file.is_empty())
                .map(|file| format!("\"{file}\""))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// The dates of the verdicts recorded on a release.
fn verdict_dates(table: &Table) -> Vec<Date> {
    let Some(reviews) = table.get("review") else {
        return Vec::new();
    };
    let from_tables = reviews
        .as_array_of_tables()
        .into_iter()
        .flat_map(|tables| tables.iter())
        .filter_map(|review| read_date(review.get("date")));
    let from_inline = reviews
        .as_array()
        .into_iter()
        .flat_map(|array| array.iter())
        .filter_map(|value| value.as_inline_table())
        .filter_map(|review| {
            let datetime = review.get("date")?.as_datetime()?;
            let date = datetime.date?;
            Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
        });
    from_tables.chain(from_inline).collect()
}

fn parse(text: &str) -> Result<DocumentMut, EditError> {
    text.parse::<DocumentMut>()
        .map_err(|error| EditError::Syntax(error.message().trim().to_string()))
}

/// Records that `release` was sent for review on `date`: sets (or moves) `submitted`, which
/// starts a new round. Verdicts already recorded stay, as the earlier round's.
pub fn submit(text: &str, release: &str, date: Date, today: Date) -> Result<String, EditError> {
    if date.year() < 1 {
        return Err(EditError::OutOfRange(date));
    }
    if date > today {
        return Err(EditError::Future { date, today });
    }
    let (bom, body) = split_bom(text);
    let mut document = parse(body)?;
    let (index, table) = release_table(&mut document, release)?;
    if let Some(submitted) = read_date(table.get("submitted")) {
        if date <= submitted {
            return Err(EditError::NotAfterLastRound {
                release: release.into(),
                submitted,
            });
        }
        if let Some(verdict) = verdict_dates(table)
            .into_iter()
            .filter(|verdict| *verdict >= submitted)
            .max()
            .filter(|verdict| *verdict >= date)
        {
            return Err(EditError::BeforeVerdict {
                release: release.into(),
                verdict,
                next: add_days(verdict, 1),
            });
        }
    }
    let spanned = Spanned::parse(body)?;
    let release = spanned.release(index)?;
    let new = toml_date(date).to_string();
    let splice = match release.get("submitted") {
        // Only the value changes: the spacing and any comment around it stay.
        Some(old) => Splice::replace(span_of(old.span())?, new.trim()),
        None => Splice::insert(
            after_line(body, own_end(release).ok_or(EditError::Unusual)?),
            format!("submitted = {}{}", new.trim(), eol(body)),
        ),
    };
    Ok(format!("{bom}{}", splice.apply(body)))
}

/// One verdict to record.
#[derive(Debug, Clone)]
pub struct NewVerdict {
    pub team: Team,
    pub verdict: Verdict,
    pub date: Date,
    pub note: Option<String>,
}

/// Appends a `[[press_release.review]]` entry to `release`.
pub fn record(
    text: &str,
    release: &str,
    verdict: &NewVerdict,
    today: Date,
) -> Result<String, EditError> {
    if verdict.date.year() < 1 {
        return Err(EditError::OutOfRange(verdict.date));
    }
    if verdict.date > today {
        return Err(EditError::Future {
            date: verdict.date,
            today,
        });
    }
    let (bom, body) = split_bom(text);
    let mut document = parse(body)?;
    let (index, table) = release_table(&mut document, release)?;
    let Some(submitted) = read_date(table.get("submitted")) else {
        return Err(EditError::NotSubmitted {
            release: release.into(),
        });
    };
    if verdict.date < submitted {
        return Err(EditError::BeforeSubmission {
            release: release.into(),
            date: verdict.date,
            submitted,
        });
    }
    let mut fields: Vec<(&str, Value)> = vec![
        ("team", Value::from(verdict.team.as_str())),
        ("verdict", Value::from(verdict.verdict.as_str())),
        ("date", toml_date(verdict.date)),
    ];
    if let Some(note) = verdict
        .note
        .as_deref()
        .filter(|note| !note.trim().is_empty())
    {
        fields.push(("note", Value::from(note.trim())));
    }
    let spanned = Spanned::parse(body)?;
    let release = spanned.release(index)?;
    let eol = eol(body);
    let splice = match release.get("review") {
        None | Some(Item::ArrayOfTables(_)) => {
            let mut block = format!("{eol}[[press_release.review]]{eol}");
            for (key, value) in &fields {
                block.push_str(&format!("{key} = {}{eol}", value.to_string().trim()));
            }
            Splice::insert(
                after_line(body, region_end(release).ok_or(EditError::Unusual)?),
                block,
            )
        }
        Some(Item::Value(Value::Array(reviews))) => {
            // `review = [ … ]`: the new verdict goes in before the closing bracket.
            let span = span_of(reviews.span())?;
            let mut inline = InlineTable::new();
            for (key, value) in fields {
                inline.insert(key, value);
            }
            let close = span.end.checked_sub(1).ok_or(EditError::Unusual)?;
            if body.as_bytes().get(close) != Some(&b']') || span.start >= close {
                return Err(EditError::Unusual);
            }
            let inside = body[span.start + 1..close].trim_end();
            // A comment on the array's last line would swallow what follows it.
            if inside
                .rsplit('\n')
                .next()
                .is_some_and(|line| line.contains('#'))
            {
                return Err(EditError::Unusual);
            }
            let separator = match inside.trim_start() {
                "" => "",
                items if items.ends_with(',') => " ",
                _ => ", ",
            };
            Splice::insert(
                span.start + 1 + inside.len(),
                format!("{separator}{}", inline.to_string().trim()),
            )
        }
        Some(_) => return Err(EditError::Unusual),
    };
    Ok(format!("{bom}{}", splice.apply(body)))
}

/// The manifest parsed again with every item's byte range in the text.
struct Spanned(toml_edit::Document<String>);

impl Spanned {
    fn parse(body: &str) -> Result<Spanned, EditError> {
        toml_edit::Document::parse(body.to_string())
            .map(Spanned)
            .map_err(|error| EditError::Syntax(error.message().trim().to_string()))
    }

    /// The `index`th `[[press_release]]` table, as found by [`release_table`].
    fn release(&self, index: usize) -> Result<&Table, EditError> {
        self.0
            .as_table()
            .get("press_release")
            .and_then(Item::as_array_of_tables)
            .and_then(|tables| tables.get(index))
            .ok_or(EditError::Unusual)
    }
}

fn span_of(span: Option<Range<usize>>) -> Result<Range<usize>, EditError> {
    span.ok_or(EditError::Unusual)
}

/// Where the table's own key-value lines end (dotted keys included, subtables not): a new key
/// goes after that line, so that it belongs to this table.
fn own_end(table: &Table) -> Option<usize> {
    let mut end = table.span().map(|span| span.end);
    for (_, item) in table.iter() {
        let item_end = match item {
            Item::Value(value) => value.span().map(|span| span.end),
            Item::Table(dotted) if dotted.is_dotted() => own_end(dotted),
            _ => None,
        };
        end = end.max(item_end);
    }
    end
}

/// Where everything that belongs to the table ends, its subtables' contents included.
fn region_end(table: &Table) -> Option<usize> {
    let mut end = table.span().map(|span| span.end);
    for (_, item) in table.iter() {
        let item_end = match item {
            Item::Value(value) => value.span().map(|span| span.end),
            Item::Table(table) => region_end(table),
            Item::ArrayOfTables(tables) => tables.iter().filter_map(region_end).max(),
            Item::None => None,
        };
        end = end.max(item_end);
    }
    end
}

/// The offset just past the end of the line holding `at` (a comment after a value stays on
/// its line).
fn after_line(body: &str, at: usize) -> usize {
    match body[at..].find('\n') {
        Some(newline) => at + newline + 1,
        None => body.len(),
    }
}

/// The file's line ending: CRLF when its lines end so, else LF.
fn eol(body: &str) -> &'static str {
    match body.find('\n') {
        Some(at) if body[..at].ends_with('\r') => "\r\n",
        _ => "\n",
    }
}

/// One change of the text: `range` replaced by `text`.
struct Splice {
    range: Range<usize>,
    text: String,
}

impl Splice {
    fn replace(range: Range<usize>, text: &str) -> Splice {
        Splice {
            range,
            text: text.to_string(),
        }
    }

    fn insert(at: usize, text: String) -> Splice {
        Splice {
            range: at..at,
            text,
        }
    }

    fn apply(&self, body: &str) -> String {
        let mut text = body.to_string();
        // A file whose last line has no line break gets one before text that starts a line.
        let needs_break = self.range.start == body.len()
            && !body.is_empty()
            && !body.ends_with('\n')
            && self.range.is_empty();
        let inserted = if needs_break {
            format!("{}{}", eol(body), self.text)
        } else {
            self.text.clone()
        };
        text.replace_range(self.range.clone(), &inserted);
        text
    }
}

/// Records that `release`, a file no `[[press_release]]` names yet, was sent for review on
/// `date`: appends a `[[press_release]]` table with its `file` and `submitted` date at the end
/// of the manifest, leaving every byte before it as it was. A table appended at the end joins
/// the array whatever tables come between, so the rest of the manifest stays untouched.
pub fn add_release(
    text: &str,
    release: &str,
    date: Date,
    today: Date,
) -> Result<String, EditError> {
    if date.year() < 1 {
        return Err(EditError::OutOfRange(date));
    }
    if date > today {
        return Err(EditError::Future { date, today });
    }
    let (_, body) = split_bom(text);
    let mut document = parse(body)?;
    match document.get_mut("press_release") {
        None | Some(Item::ArrayOfTables(_)) => {}
        Some(_) => return Err(EditError::Unusual),
    }
    if release_table(&mut document, release).is_ok() {
        // Already listed: a new round is `submit`'s job, with its checks.
        return submit(text, release, date, today);
    }
    let separator = match text {
        "" => "",
        _ if text.ends_with("\n\n") => "",
        _ if text.ends_with('\n') => "\n",
        _ => "\n\n",
    };
    let edited = format!(
        "{text}{separator}[[press_release]]\nfile = {}\nsubmitted = {}\n",
        Value::from(normalized(release)).to_string().trim(),
        toml_date(date).to_string().trim()
    );
    // What was appended must read back as the table meant, or nothing is written.
    let check = parse(split_bom(&edited).1)?;
    let appended = check
        .get("press_release")
        .and_then(Item::as_array_of_tables)
        .and_then(|tables| tables.iter().last())
        .and_then(|table| table.get("file"))
        .and_then(Item::as_str);
    if appended != Some(normalized(release)) {
        return Err(EditError::Unusual);
    }
    Ok(edited)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    const MANIFEST: &str = r#"# Tenvik Sentry listing — hand-formatted on purpose.
schema    = 1   # aligned

[partner]
company = 'Tenvik Security'

[product]
name = "Tenvik Sentry"
description = """
Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint."""
logo = "logo.svg"

# The launch.
[[press_release]]
file = "press/launch.md"   # the launch
publish = 2026-11-30

  # the first verdict
  [[press_release.review]]
  team = "marketing"
  verdict = "approved"
  date = 2026-10-02

# A second release, further down.
[[press_release]]
file = "press/webinar.md"
submitted = 2026-11-02 # sent by Ana

[onboarding]   # the journey
license = "trial"
"#;

    /// Everything before `start` and from `end` on is unchanged, byte for byte.
    fn unchanged_outside(before: &str, after: &str, start: &str, end: &str) {
        let start = before.find(start).unwrap();
        let end = before.find(end).unwrap();
        assert_eq!(
            &after[..start],
            &before[..start],
            "bytes before the table moved"
        );
        let tail = &before[end..];
        assert!(
            after.ends_with(tail),
            "bytes after the table moved:\n{after}"
        );
    }

    #[test]
    fn submit_adds_submitted_and_touches_nothing_else() {
        let edited = submit(
            MANIFEST,
            "press/launch.md",
            date(2026, 11, 3),
            date(2026, 11, 22),
        )
        .unwrap();
        unchanged_outside(MANIFEST, &edited, "# The launch.", "# A second release");
        assert!(
            edited.contains("publish = 2026-11-30\nsubmitted = 2026-11-03\n"),
            "{edited}"
        );
        // Parsing the result gives the new date, and the reviews are still there.
        let reparsed: DocumentMut = edited.parse().unwrap();
        assert_eq!(
            reparsed["press_release"][0]["review"][0]["date"]
                .as_datetime()
                .unwrap()
                .to_string(),
            "2026-10-02"
        );
    }

    #[test]
    fn resubmitting_moves_the_date_and_keeps_its_comment() {
        let edited = submit(
            MANIFEST,
            "./press/webinar.md",
            date(2026, 11, 12),
            date(2026, 11, 22),
        )
        .unwrap();
        unchanged_outside(MANIFEST, &edited, "# A second release", "[onboarding]");
        assert!(
            edited.contains("submitted = 2026-11-12 # sent by Ana\n"),
            "{edited}"
        );
    }

    #[test]
    fn record_appends_a_review_after_the_release_s_last_one() {
        let verdict = NewVerdict {
            team: Team::Engineering,
            verdict: Verdict::ChangesRequested,
            date: date(2026, 11, 5),
            note: Some("Say \"Microsoft Defender for Endpoint\" in full.".into()),
        };
        let edited = record(MANIFEST, "press/webinar.md", &verdict, date(2026, 11, 22)).unwrap();
        unchanged_outside(MANIFEST, &edited, "# A second release", "[onboarding]");
        assert!(
            edited.contains(
                "submitted = 2026-11-02 # sent by Ana\n\n[[press_release.review]]\nteam = \"engineering\"\nverdict = \"changes-requested\"\ndate = 2026-11-05\nnote = 'Say \"Microsoft Defender for Endpoint\" in full.'\n"
            ),
            "{edited}"
        );
        // The new review belongs to the second release, not the first.
        let reparsed: DocumentMut = edited.parse().unwrap();
        assert_eq!(
            reparsed["press_release"][1]["review"][0]["team"].as_str(),
            Some("engineering")
        );
        assert_eq!(
            reparsed["press_release"][0]["review"]
                .as_array_of_tables()
                .unwrap()
                .len(),
            1
        );
    }

    /// Every line ending, header spelling, dotted key and comment outside the edited release,
    /// byte for byte, for each kind of edit.
    #[test]
    fn edits_keep_every_byte_outside_the_release() {
        let lf = "# Listing\n[ partner ]   # spaced header\ncompany = 'Tenvik'\n\n[\"product\"]\nname.first = \"Tenvik\"   # dotted\nname . last = \"Sentry\"\n  [ product . extra ]\nk=1\n\n[[ press_release ]]\nfile = \"press/a.md\"\nsubmitted = 2026-11-02 # sent\n  [[ press_release . review ]]\n  team = \"marketing\"\n  verdict = \"approved\"\n  date = 2026-11-03\n\n# before b\n[[press_release]]\nfile = \"press/b.md\"\nmeta.owner = \"ana\"\n\n[[press_release]]\nfile = \"press/c.md\"\nsubmitted = 2026-11-04\nreview = [ { team = \"engineering\", verdict = \"approved\", date = 2026-11-05 } ]\n\n[onboarding]\nlicense.kind = \"trial\"\n";
        let today = date(2026, 11, 22);
        let verdict = NewVerdict {
            team: Team::Marketing,
            verdict: Verdict::Approved,
            date: date(2026, 11, 20),
            note: None,
        };
        for crlf in [false, true] {
            let text = if crlf {
                lf.replace('\n', "\r\n")
            } else {
                lf.to_string()
            };
            let eol = if crlf { "\r\n" } else { "\n" };
            let at = |needle: &str| text.find(&needle.replace('\n', eol)).unwrap();
            let cases: Vec<(String, usize, &str)> = vec![
                (
                    record(&text, "press/a.md", &verdict, today).unwrap(),
                    at("  date = 2026-11-03\n") + "  date = 2026-11-03\n".len() + eol.len() - 1,
                    "\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \"approved\"\ndate = 2026-11-20\n",
                ),
                (
                    submit(&text, "press/b.md", date(2026, 11, 21), today).unwrap(),
                    at("meta.owner = \"ana\"\n") + "meta.owner = \"ana\"\n".len() + eol.len() - 1,
                    "submitted = 2026-11-21\n",
                ),
                (
                    record(&text, "press/c.md", &verdict, today).unwrap(),
                    at("2026-11-05 }") + "2026-11-05 }".len(),
                    ", { team = \"marketing\", verdict = \"approved\", date = 2026-11-20 }",
                ),
            ];
            for (edited, offset, inserted) in cases {
                let inserted = inserted.replace('\n', eol);
                assert_eq!(
                    edited,
                    format!("{}{inserted}{}", &text[..offset], &text[offset..]),
                    "crlf {crlf}"
                );
                edited.parse::<DocumentMut>().unwrap();
            }
            // A new date replaces the old one's bytes only, keeping its comment.
            let moved = submit(&text, "press/a.md", date(2026, 11, 21), today).unwrap();
            assert_eq!(
                moved,
                text.replace(
                    "submitted = 2026-11-02 # sent",
                    "submitted = 2026-11-21 # sent"
                )
            );
        }
    }

    #[test]
    fn a_file_without_a_final_line_break_gets_one_before_a_new_line() {
        let text = "[[press_release]]\nfile = \"press/a.md\"";
        let edited = submit(text, "press/a.md", date(2026, 11, 2), date(2026, 11, 22)).unwrap();
        assert_eq!(
            edited,
            "[[press_release]]\nfile = \"press/a.md\"\nsubmitted = 2026-11-02\n"
        );
    }

    #[test]
    fn a_byte_order_mark_survives() {
        let with_bom = format!("\u{FEFF}{MANIFEST}");
        let edited = submit(
            &with_bom,
            "press/launch.md",
            date(2026, 11, 3),
            date(2026, 11, 22),
        )
        .unwrap();
        assert!(edited.starts_with("\u{FEFF}# Tenvik"));
    }

    #[test]
    fn an_unlisted_release_is_appended_and_nothing_else_changes() {
        let edited = add_release(
            MANIFEST,
            "./press/partner \"beta\".md",
            date(2026, 11, 20),
            date(2026, 11, 22),
        )
        .unwrap();
        assert_eq!(
            edited,
            format!(
                "{MANIFEST}\n[[press_release]]\nfile = 'press/partner \"beta\".md'\nsubmitted = 2026-11-20\n"
            )
        );
        let listing = crate::manifest::package_from_bytes(
            std::path::Path::new("listing.toml"),
            std::path::Path::new("."),
            edited.into_bytes(),
            &|_: &str| Err(crate::manifest::PathProblem::Unreadable("absent".into())),
        )
        .listing
        .unwrap();
        assert_eq!(listing.press_releases.len(), 3);
        // The [onboarding] table between stays what it was.
        assert!(listing.onboarding.is_some());
        assert_eq!(
            add_release(
                "press_release = []\n",
                "press/a.md",
                date(2026, 11, 20),
                date(2026, 11, 22)
            ),
            Err(EditError::Unusual)
        );
    }

    #[test]
    fn clear_refusals() {
        let today = date(2026, 11, 22);
        let approved = NewVerdict {
            team: Team::Marketing,
            verdict: Verdict::Approved,
            date: date(2026, 11, 1),
            note: None,
        };
        assert_eq!(
            submit(MANIFEST, "press/other.md", today, today)
                .unwrap_err()
                .to_string(),
            "no [[press_release]] in listing.toml has file = \"press/other.md\"; the press \
             releases are: \"press/launch.md\", \"press/webinar.md\""
        );
        assert!(matches!(
            submit(MANIFEST, "press/webinar.md", date(2026, 11, 2), today),
            Err(EditError::NotAfterLastRound { .. })
        ));
        assert!(matches!(
            submit(MANIFEST, "press/webinar.md", date(2026, 11, 23), today),
            Err(EditError::Future { .. })
        ));
        assert!(matches!(
            record(MANIFEST, "press/launch.md", &approved, today),
            Err(EditError::NotSubmitted { .. })
        ));
        assert_eq!(
            record(MANIFEST, "press/webinar.md", &approved, today)
                .unwrap_err()
                .to_string(),
            "2026-11-01 is before \"press/webinar.md\" was submitted (2026-11-02): a verdict \
             answers a submission; check the date"
        );
        // A new round on the day of the verdict it answers would swallow that verdict.
        let answered = record(
            MANIFEST,
            "press/webinar.md",
            &NewVerdict {
                date: date(2026, 11, 9),
                ..approved.clone()
            },
            today,
        )
        .unwrap();
        assert_eq!(
            submit(&answered, "press/webinar.md", date(2026, 11, 9), today)
                .unwrap_err()
                .to_string(),
            "a verdict on \"press/webinar.md\" was recorded on 2026-11-09; a new round answers \
             it, so it starts after that day: use --date 2026-11-10 or later"
        );
        assert!(matches!(
            submit("a = [", "x", today, today),
            Err(EditError::Syntax(_))
        ));
    }
}
