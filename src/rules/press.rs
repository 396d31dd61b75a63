//! PRESS: press releases and the 10-day review window. The press analysis (`crate::press`) has
//! read each file once and found the product's mentions; `crate::review` computes the window
//! and the teams' verdicts from the dates. These rules turn both into findings.

use super::press_unlisted::review_command;
use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Severity;
use crate::manifest::PressRelease;
use crate::press::{Content, PressFile, UnreadableKind};
use crate::review::{self, REVIEW_DAYS, Recorded, Team, TeamState, URGENT_DAYS, Window, add_days};

/// One `[[press_release]]` with what is known about it.
struct Release<'a> {
    index: usize,
    manifest: &'a PressRelease,
    file: Option<&'a PressFile>,
    window: Window,
    status: review::ReleaseStatus,
    /// The file as written in the manifest, quoted for messages.
    name: String,
}

impl Release<'_> {
    fn field(&self, key: &str) -> String {
        format!("press_release[{}].{key}", self.index)
    }

    /// Whether the file names the product (unknown when it could not be read: then it might).
    fn mentions(&self) -> Option<bool> {
        self.file
            .and_then(PressFile::text)
            .map(|text| !text.mentions.is_empty())
    }

    fn needs_review(&self) -> bool {
        self.status.needs_review()
    }

    /// The span of `file = …`, or of the whole table when the key is missing.
    fn file_span(&self) -> std::ops::Range<usize> {
        self.manifest
            .file
            .as_ref()
            .map_or(self.manifest.span.clone(), |file| file.span.clone())
    }

    /// The `--release` value that names this release on the command line.
    fn release_arg(&self) -> String {
        self.manifest
            .file
            .as_ref()
            .map_or_else(|| "FILE".into(), |file| shell_word(&file.value))
    }
}

/// A path as it would be typed in a shell.
pub(super) fn shell_word(path: &str) -> String {
    if path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

fn releases<'a>(context: &Context<'a>) -> Vec<Release<'a>> {
    let Some(listing) = &context.package.listing else {
        return Vec::new();
    };
    listing
        .press_releases
        .iter()
        .enumerate()
        .zip(context.releases)
        .map(|((index, manifest), assessed)| Release {
            index,
            manifest,
            file: context.press.iter().find(|file| file.index == index),
            window: assessed.window.clone(),
            status: assessed.status,
            name: manifest.file.as_ref().map_or_else(
                || format!("press_release[{index}]"),
                |file| format!("press release {}", quote(&file.value)),
            ),
        })
        .collect()
}

/// "marketing", "marketing and engineering".
fn teams(teams: &[Team]) -> String {
    teams
        .iter()
        .map(|team| team.as_str())
        .collect::<Vec<_>>()
        .join(" and ")
}

pub static PRESS001: Rule = Rule {
    code: "PRESS001",
    name: "press-unreadable",
    family: Family::Press,
    severity: Severity::Error,
    other_severity: None,
    summary: "the press-release file cannot be read as text in its format (corrupt .docx, binary data, unsupported extension such as .pdf)",
    docs: RuleDocs {
        what: "Each press release is a file the tool can read as text: Markdown (.md), plain \
               text (.txt, UTF-8 or UTF-16 with a byte-order mark), HTML (.html, .htm; the text \
               a browser shows) or Word (.docx; the paragraphs of the document). Other formats \
               (PDF, the old .doc, RTF), damaged files, binary data and archives that unpack \
               to more than 32 MiB are refused.",
        why: "A release the tool cannot read cannot be checked for the product name, so the \
              review requirement cannot be verified.",
        example: "[[press_release]]\nfile = \"press/launch.pdf\"\n",
        fix: "Give the release as .docx, .md, .txt or .html (export it from the word \
              processor it was written in).",
    },
    check: Check::Listing(unreadable),
    suppression: Suppression::Allowed,
};

fn unreadable(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        let Some(Content::Unreadable(reason)) = release.file.map(|file| &file.content) else {
            continue;
        };
        let help = match reason.kind {
            UnreadableKind::Encoding => {
                "save the file as UTF-8 text (in most editors: Save with Encoding → UTF-8)"
            }
            UnreadableKind::Document => "open the document in Word and save it again as a .docx",
            UnreadableKind::OverLimit => {
                "check that the file is the press release itself (a release is a few pages of \
                 text), not an export with data embedded in it"
            }
            UnreadableKind::Format | UnreadableKind::NotRead => {
                "give the release as .docx, .md, .txt or .html: export it from the word \
                 processor it was written in"
            }
        };
        findings
            .report(
                &PRESS001,
                &release.field("file"),
                release.file_span(),
                format!("{} {reason}", release.name),
            )
            .with_label("cannot be read as a press release")
            .with_help(help);
    }
}

pub static PRESS002: Rule = Rule {
    code: "PRESS002",
    name: "press-not-submitted",
    family: Family::Press,
    severity: Severity::Warning,
    other_severity: Some(Severity::Error),
    summary: "it mentions the product but has no `submitted` date: warning; error once a `publish` date is set",
    docs: RuleDocs {
        what: "A press release that names Microsoft Defender for Endpoint (in any form: \
               current, former, abbreviated or translated) has a `submitted` date: the day it \
               was sent to Microsoft for review. Without one it is a warning; with a planned \
               `publish` date it is an error.",
        why: "Microsoft's marketing and engineering teams must review any press release that \
              names the product, and need at least 10 days.",
        example: "[[press_release]]\nfile = \"press/launch.md\"   # names the product\npublish = 2026-11-20\n",
        fix: "Send the release to Microsoft for review, then record it with \
              `mdelist review submit --release FILE` (it sets `submitted`).",
    },
    check: Check::Listing(not_submitted),
    suppression: Suppression::Allowed,
};

fn not_submitted(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        if release.mentions() != Some(true) || release.manifest.submitted.is_some() {
            continue;
        }
        let publish = release.manifest.publish.as_ref();
        let found = release
            .file
            .and_then(PressFile::text)
            .and_then(super::product_name::first_mention)
            .map(|found| format!(" ({found})"))
            .unwrap_or_default();
        let message = match publish {
            Some(publish) => format!(
                "{} names Microsoft Defender for Endpoint{found} and is planned for {}, but \
                 was never submitted for review",
                release.name, publish.value
            ),
            None => format!(
                "{} names Microsoft Defender for Endpoint{found} but has not been submitted \
                 for review",
                release.name
            ),
        };
        let diagnostic = findings
            .report(
                &PRESS002,
                &release.field("file"),
                release.file_span(),
                message,
            )
            .with_label("no `submitted` date")
            .with_help(format!(
                "send it to Microsoft's marketing and engineering teams, then record it: \
                 {} (publication is allowed {REVIEW_DAYS} days later at the earliest)",
                review_command(context, "submit", &release.release_arg())
            ));
        if publish.is_some() {
            diagnostic.with_severity(Severity::Error);
        }
    }
}

pub static PRESS003: Rule = Rule {
    code: "PRESS003",
    name: "press-publish-in-window",
    family: Family::Press,
    severity: Severity::Error,
    other_severity: None,
    summary: "`publish` is earlier than `submitted` + 10 days; gives the earliest allowed date",
    docs: RuleDocs {
        what: "The planned publication date is at least 10 calendar days after the date the \
               release was submitted: a release submitted on 2 November may be published from \
               12 November.",
        why: "Microsoft asks partners to allow at least 10 days for the review of a press \
              release that names the product.",
        example: "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\npublish = 2026-11-09\n",
        fix: "Move `publish` to the earliest allowed date the message gives, or later.",
    },
    check: Check::Listing(publish_in_window),
    suppression: Suppression::Allowed,
};

fn publish_in_window(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        let (Some(submitted), Some(publish), Some(earliest)) = (
            release.window.submitted,
            release.manifest.publish.as_ref(),
            release.window.earliest,
        ) else {
            continue;
        };
        // Publishing before submitting is impossible rather than early (PRESS007).
        let in_calendar = review::window_ends_in_calendar(submitted);
        if !release.needs_review()
            || (publish.value >= earliest && in_calendar)
            || publish.value < submitted
        {
            continue;
        }
        let days = review::days_between(submitted, publish.value);
        findings
            .report(
                &PRESS003,
                &release.field("publish"),
                publish.span.clone(),
                format!(
                    "{} is planned for {}, {days} day{} after it was submitted ({submitted}); \
                     the review needs {REVIEW_DAYS}",
                    release.name,
                    publish.value,
                    if days == 1 { "" } else { "s" }
                ),
            )
            .with_label(if in_calendar {
                format!("earliest allowed: {earliest}")
            } else {
                format!("earliest allowed: after {earliest}, the calendar's last day")
            })
            .with_help(if in_calendar {
                format!("publish on {earliest} or later: publish = {earliest}")
            } else {
                "the review window ends after the calendar's last day; check the dates".into()
            });
    }
}

pub static PRESS004: Rule = Rule {
    code: "PRESS004",
    name: "press-approval-missing",
    family: Family::Press,
    severity: Severity::Warning,
    other_severity: Some(Severity::Error),
    summary: "marketing or engineering approval of the latest round is missing: warning while `publish` is in the future or unset, error once `publish` ≤ today + 2 days",
    docs: RuleDocs {
        what: "A submitted release that names the product has an `approved` verdict from both \
               Microsoft's marketing and engineering teams, dated on or after the latest \
               `submitted` date. A missing approval is a warning, and an error from 2 days \
               before the planned publication.",
        why: "Both teams must approve the release before it goes out.",
        example: "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\npublish = 2026-11-20\n\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \"approved\"\ndate = 2026-11-06\n# no engineering verdict\n",
        fix: "Wait for the missing verdict (or ask for it), then record it with \
              `mdelist review record`; move `publish` if it will not arrive in time.",
    },
    check: Check::Listing(approval_missing),
    suppression: Suppression::Allowed,
};

fn approval_missing(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        let Some(submitted) = release.manifest.submitted.as_ref() else {
            continue;
        };
        // Publishing before submitting is reported as impossible dates (PRESS007).
        let impossible = release
            .manifest
            .publish
            .as_ref()
            .is_some_and(|publish| publish.value < submitted.value);
        if !release.needs_review() || impossible {
            continue;
        }
        let missing: Vec<Team> = Team::ALL
            .into_iter()
            .filter(|team| release.window.team(*team) == TeamState::Pending)
            .collect();
        let [first, ..] = missing.as_slice() else {
            continue;
        };
        let publish = release.manifest.publish.as_ref();
        let urgent =
            publish.is_some_and(|publish| publish.value <= add_days(context.today, URGENT_DAYS));
        let approval = if missing.len() == 1 {
            "approval"
        } else {
            "approvals"
        };
        let (span, field, message) = match publish.filter(|_| urgent) {
            Some(publish) => (
                publish.span.clone(),
                release.field("publish"),
                format!(
                    "{} is planned for {} without the {} {approval}",
                    release.name,
                    publish.value,
                    teams(&missing)
                ),
            ),
            None => (
                submitted.span.clone(),
                release.field("submitted"),
                format!(
                    "{} has no {} {approval} yet (submitted {})",
                    release.name,
                    teams(&missing),
                    submitted.value
                ),
            ),
        };
        let diagnostic = findings
            .report(&PRESS004, &field, span, message)
            .with_label(format!("waiting for {}", teams(&missing)))
            .with_help(format!(
                "the release may not go out before Microsoft's {} team{} approve{}; when a \
                 verdict arrives, record it: {} --team {} --verdict approved",
                teams(&missing),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "s" } else { "" },
                review_command(context, "record", &release.release_arg()),
                first.as_str()
            ));
        if urgent {
            diagnostic.with_severity(Severity::Error);
        }
    }
}

pub static PRESS005: Rule = Rule {
    code: "PRESS005",
    name: "press-changes-requested",
    family: Family::Press,
    severity: Severity::Error,
    other_severity: None,
    summary: "a team's latest verdict in the latest round is `changes-requested`",
    docs: RuleDocs {
        what: "Neither team's latest verdict on the latest submission asks for changes.",
        why: "A release Microsoft asked to change may not be published as it is.",
        example: "[[press_release.review]]\nteam = \"marketing\"\nverdict = \"changes-requested\"\ndate = 2026-11-06\nnote = \"Use the full product name in the headline.\"\n",
        fix: "Make the changes, send the release again and record the new round with \
              `mdelist review submit` (the 10 days start again).",
    },
    check: Check::Listing(changes_requested),
    suppression: Suppression::Allowed,
};

fn changes_requested(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        for team in Team::ALL {
            let TeamState::Decided(recorded) = release.window.team(team) else {
                continue;
            };
            if !release.window.team(team).changes_requested() {
                continue;
            }
            let Some(entry) = release.manifest.reviews.get(recorded.index) else {
                continue;
            };
            let note = entry
                .note
                .as_ref()
                .filter(|note| !note.value.trim().is_empty())
                .map(|note| format!(": {}", quote(note.value.trim())))
                .unwrap_or_default();
            let span = entry
                .verdict
                .as_ref()
                .map_or(entry.span.clone(), |verdict| verdict.span.clone());
            findings
                .report(
                    &PRESS005,
                    &format!(
                        "press_release[{}].review[{}].verdict",
                        release.index, recorded.index
                    ),
                    span,
                    format!(
                        "the {} team asked for changes to {} on {}{note}",
                        team.as_str(),
                        release.name,
                        recorded.date
                    ),
                )
                .with_label("latest verdict of this round")
                .with_help(format!(
                    "make the changes, send the release again, and start a new round: {} (the \
                     {REVIEW_DAYS} days start again)",
                    review_command(context, "submit", &release.release_arg())
                ));
        }
    }
}

pub static PRESS006: Rule = Rule {
    code: "PRESS006",
    name: "press-stale-review",
    family: Family::Press,
    severity: Severity::Info,
    other_severity: None,
    summary: "a review dated before the latest `submitted` date belongs to an earlier round and is ignored",
    docs: RuleDocs {
        what: "Verdicts dated before the latest `submitted` date answered an earlier version of \
               the release; they are listed for the record and do not count.",
        why: "An approval of an earlier draft does not approve the text that will be published.",
        example: "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-10   # resubmitted\n\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \"approved\"\ndate = 2026-11-04          # earlier round\n",
        fix: "Nothing to fix; record the verdicts of the new round as they arrive.",
    },
    check: Check::Listing(stale_review),
    suppression: Suppression::Allowed,
};

fn review_span(release: &Release, recorded: &Recorded) -> std::ops::Range<usize> {
    release
        .manifest
        .reviews
        .get(recorded.index)
        .map_or(release.manifest.span.clone(), |entry| {
            entry
                .date
                .as_ref()
                .map_or(entry.span.clone(), |date| date.span.clone())
        })
}

fn stale_review(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        let Some(submitted) = release.window.submitted else {
            continue;
        };
        for recorded in &release.window.stale {
            let help = match release.window.team(recorded.team) {
                TeamState::Decided(current) => format!(
                    "nothing to fix: the {} team's verdict of {} on the new round supersedes it",
                    recorded.team.as_str(),
                    current.date
                ),
                _ => format!(
                    "nothing to fix; when the {} team answers the new round, record it: {} \
                     --team {} --verdict …",
                    recorded.team.as_str(),
                    review_command(context, "record", &release.release_arg()),
                    recorded.team.as_str()
                ),
            };
            findings
                .report(
                    &PRESS006,
                    &format!(
                        "press_release[{}].review[{}].date",
                        release.index, recorded.index
                    ),
                    review_span(&release, recorded),
                    format!(
                        "the {} verdict of {} on {} is from an earlier round (the release was \
                         submitted again on {submitted}) and is ignored",
                        recorded.team.as_str(),
                        release.name,
                        recorded.date
                    ),
                )
                .with_label("before the latest `submitted` date")
                .with_help(help);
        }
    }
}

pub static PRESS007: Rule = Rule {
    code: "PRESS007",
    name: "press-review-date-invalid",
    family: Family::Press,
    severity: Severity::Error,
    other_severity: None,
    summary: "a review dated before `submitted` of its round is impossible to place, a date in the future, or `publish` before `submitted`",
    docs: RuleDocs {
        what: "The dates of a release make sense together: verdicts recorded for a release \
               with no `submitted` date cannot be placed in a round; no verdict and no \
               submission is dated after today; `publish` is not before `submitted`.",
        why: "Impossible dates make the review window meaningless: the tool cannot say when \
              the release may go out.",
        example: "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\npublish = 2026-10-30\n",
        fix: "Correct the dates: `submitted` is when the release was sent, each review `date` \
              when the verdict arrived, `publish` when it goes out.",
    },
    check: Check::Listing(dates_invalid),
    suppression: Suppression::Allowed,
};

fn dates_invalid(context: &Context, findings: &mut Findings) {
    let today = context.today;
    for release in releases(context) {
        let submitted = release.manifest.submitted.as_ref();
        if let (Some(submitted), Some(publish)) = (submitted, release.manifest.publish.as_ref())
            && publish.value < submitted.value
        {
            findings
                .report(
                    &PRESS007,
                    &release.field("publish"),
                    publish.span.clone(),
                    format!(
                        "{} is planned for {}, before it was submitted ({})",
                        release.name, publish.value, submitted.value
                    ),
                )
                .with_label("before `submitted`")
                .with_help(format!(
                    "a release goes out after Microsoft reviewed it: publish = {} at the earliest",
                    review::earliest_publish_date(submitted.value)
                ));
        }
        if let Some(submitted) = submitted.filter(|submitted| submitted.value > today) {
            findings
                .report(
                    &PRESS007,
                    &release.field("submitted"),
                    submitted.span.clone(),
                    format!(
                        "{} is recorded as submitted on {}, which is after today ({today})",
                        release.name, submitted.value
                    ),
                )
                .with_label("in the future")
                .with_help(
                    "set `submitted` to the day the release was actually sent to Microsoft, \
                     once it has been",
                );
        }
        for recorded in review::recorded(release.manifest) {
            let field = format!(
                "press_release[{}].review[{}].date",
                release.index, recorded.index
            );
            let span = review_span(&release, &recorded);
            if recorded.date > today {
                findings
                    .report(
                        &PRESS007,
                        &field,
                        span,
                        format!(
                            "the {} verdict on {} is dated {}, which is after today ({today})",
                            recorded.team.as_str(),
                            release.name,
                            recorded.date
                        ),
                    )
                    .with_label("in the future")
                    .with_help("record a verdict with the date it arrived, once it has");
            } else if submitted.is_none() {
                findings
                    .report(
                        &PRESS007,
                        &field,
                        span,
                        format!(
                            "the {} verdict on {} cannot be placed in a review round: the \
                             release has no `submitted` date",
                            recorded.team.as_str(),
                            release.name
                        ),
                    )
                    .with_label("no round to belong to")
                    .with_help(
                        "add `submitted = YYYY-MM-DD` (the day the release was sent to \
                         Microsoft) to this [[press_release]]",
                    );
            }
        }
    }
}

pub static PRESS008: Rule = Rule {
    code: "PRESS008",
    name: "press-no-mention",
    family: Family::Press,
    severity: Severity::Info,
    other_severity: None,
    summary: "it does not mention the product: no review is required",
    docs: RuleDocs {
        what: "Reports a press release that does not name Microsoft Defender for Endpoint in \
               any form (outside code): Microsoft's review is not required for it.",
        why: "Only releases that name the product need the 10-day review; saying so avoids \
              waiting for nothing, and catches a release that was meant to name it.",
        example: "[[press_release]]\nfile = \"press/funding.md\"   # says nothing about Defender\n",
        fix: "Nothing to fix. If the release should name the product, use its full name, \
              \"Microsoft Defender for Endpoint\".",
    },
    check: Check::Listing(no_mention),
    suppression: Suppression::Allowed,
};

fn no_mention(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        if release.mentions() != Some(false) {
            continue;
        }
        findings
            .report(
                &PRESS008,
                &release.field("file"),
                release.file_span(),
                format!(
                    "{} does not name Microsoft Defender for Endpoint: Microsoft's review is \
                     not required",
                    release.name
                ),
            )
            .with_label("no mention of the product")
            .with_help(
                "nothing to do; if the release should name the product, write its full name, \
                 \"Microsoft Defender for Endpoint\"",
            );
    }
}

pub static PRESS009: Rule = Rule {
    code: "PRESS009",
    name: "press-ready",
    family: Family::Press,
    severity: Severity::Info,
    other_severity: None,
    summary: "both approvals in and the window elapsed: publishable from the given date",
    docs: RuleDocs {
        what: "Reports a release that both teams approved in its latest round and whose \
               10-day window has passed: it may be published.",
        why: "The go-ahead, with the date, where CI and people can see it.",
        example: "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\n\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \"approved\"\ndate = 2026-11-06\n\n[[press_release.review]]\nteam = \"engineering\"\nverdict = \"approved\"\ndate = 2026-11-09\n",
        fix: "Nothing to fix.",
    },
    check: Check::Listing(ready),
    suppression: Suppression::Allowed,
};

fn ready(context: &Context, findings: &mut Findings) {
    for release in releases(context) {
        let (Some(submitted), Some(earliest)) =
            (release.manifest.submitted.as_ref(), release.window.earliest)
        else {
            continue;
        };
        let early = release
            .manifest
            .publish
            .as_ref()
            .is_some_and(|publish| publish.value < earliest);
        if release.status != review::ReleaseStatus::Ready || early {
            continue;
        }
        findings
            .report(
                &PRESS009,
                &release.field("submitted"),
                submitted.span.clone(),
                format!(
                    "{} is approved by marketing and engineering and may be published from \
                     {earliest}",
                    release.name
                ),
            )
            .with_label(format!("review window ended {earliest}"))
            .with_help(match release.manifest.publish.as_ref() {
                Some(publish) => format!("planned for {}: nothing to do", publish.value),
                None => "set `publish` to the planned date to track it".into(),
            });
    }
}
