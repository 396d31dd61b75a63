//! One status per press release, built once from the listing, the press texts and today, and
//! read by everything that shows it: the PRESS rules, `review status`, the calendar,
//! `listing.json` and `SUBMISSION.md`.

use jiff::civil::Date;

use super::{State, Window, assess_release};
use crate::manifest::Listing;
use crate::press::{PressFile, UnlistedPress};

/// Where a press release stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReleaseStatus {
    /// The file was read and does not name the product: Microsoft need not review it.
    NoReviewNeeded,
    /// The file could not be read, so whether it needs review is unknown.
    Unreadable,
    /// It needs review and has not been sent.
    NotSubmitted,
    /// A team asked for changes: edit and submit again.
    ChangesRequested,
    /// Waiting for one or both verdicts.
    InReview,
    /// Both teams approved; the 10 days are not over yet.
    WaitingForWindow,
    /// Both approved and the window has passed: publishable.
    Ready,
    /// In `press/`, named by no `[[press_release]]`, and it names the product (or could not be
    /// read): its review is not tracked.
    NotListed,
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 8] = [
        ReleaseStatus::NoReviewNeeded,
        ReleaseStatus::Unreadable,
        ReleaseStatus::NotSubmitted,
        ReleaseStatus::ChangesRequested,
        ReleaseStatus::InReview,
        ReleaseStatus::WaitingForWindow,
        ReleaseStatus::Ready,
        ReleaseStatus::NotListed,
    ];

    /// The status of a release whose review is `window`, read from `file` (`None` when the
    /// manifest stage could not load it).
    pub fn of(window: &Window, file: Option<&PressFile>) -> ReleaseStatus {
        match file.and_then(PressFile::text) {
            Some(text) if text.mentions.is_empty() => return ReleaseStatus::NoReviewNeeded,
            Some(_) => {}
            None => return ReleaseStatus::Unreadable,
        }
        match window.state {
            State::NotSubmitted => ReleaseStatus::NotSubmitted,
            State::ChangesRequested => ReleaseStatus::ChangesRequested,
            State::InReview => ReleaseStatus::InReview,
            State::WaitingForWindow => ReleaseStatus::WaitingForWindow,
            State::Ready => ReleaseStatus::Ready,
        }
    }

    /// The stable code (JSON, `listing.json`).
    pub fn code(self) -> &'static str {
        match self {
            ReleaseStatus::NoReviewNeeded => "no-review-needed",
            ReleaseStatus::Unreadable => "unreadable",
            ReleaseStatus::NotSubmitted => "not-submitted",
            ReleaseStatus::ChangesRequested => "changes-requested",
            ReleaseStatus::InReview => "in-review",
            ReleaseStatus::WaitingForWindow => "approved-window-open",
            ReleaseStatus::Ready => "ready",
            ReleaseStatus::NotListed => "not-listed",
        }
    }

    /// In words (tables, `SUBMISSION.md`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseStatus::NoReviewNeeded => "no review needed",
            ReleaseStatus::Unreadable => "cannot be read",
            ReleaseStatus::NotSubmitted => "not submitted",
            ReleaseStatus::ChangesRequested => "changes requested",
            ReleaseStatus::InReview => "in review",
            ReleaseStatus::WaitingForWindow => "approved, window open",
            ReleaseStatus::Ready => "ready",
            ReleaseStatus::NotListed => "not listed in listing.toml",
        }
    }

    /// Whether the release may be published today.
    pub fn publishable(self) -> bool {
        matches!(self, ReleaseStatus::NoReviewNeeded | ReleaseStatus::Ready)
    }

    /// Whether the release needs Microsoft's review (it names the product, or might).
    pub fn needs_review(self) -> bool {
        self != ReleaseStatus::NoReviewNeeded
    }
}

/// One press release with its review assessed at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// Its index in `[[press_release]]`; `None` for a file in `press/` that no
    /// `[[press_release]]` names.
    pub index: Option<usize>,
    /// Its `file` as written (for an unlisted file, its path relative to the listing folder), or
    /// `press_release[N]` when there is none.
    pub file: String,
    /// Whether its text names the product; `None` when it could not be read.
    pub mentions: Option<bool>,
    pub window: Window,
    pub status: ReleaseStatus,
}

/// Every release of `listing`, assessed at `today`, with the texts the press stage read, then
/// the unlisted files of `press/` in the order the press stage found them.
pub fn releases(
    listing: &Listing,
    press: &[PressFile],
    unlisted: &[UnlistedPress],
    today: Date,
) -> Vec<Release> {
    let unlisted = unlisted.iter().map(|file| {
        let mentions = file.text().map(|text| !text.mentions.is_empty());
        Release {
            index: None,
            file: file.relative.clone(),
            mentions,
            window: super::assess(None, None, &[], today),
            status: if mentions == Some(false) {
                ReleaseStatus::NoReviewNeeded
            } else {
                ReleaseStatus::NotListed
            },
        }
    });
    listing
        .press_releases
        .iter()
        .enumerate()
        .map(|(index, release)| {
            let window = assess_release(release, today);
            let file = press.iter().find(|file| file.index == index);
            Release {
                index: Some(index),
                file: release.file.as_ref().map_or_else(
                    || format!("press_release[{index}]"),
                    |file| file.value.clone(),
                ),
                mentions: file
                    .and_then(PressFile::text)
                    .map(|text| !text.mentions.is_empty()),
                status: ReleaseStatus::of(&window, file),
                window,
            }
        })
        .chain(unlisted)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_words_are_distinct_and_only_two_states_are_publishable() {
        let codes: std::collections::HashSet<_> = ReleaseStatus::ALL
            .iter()
            .map(|status| status.code())
            .collect();
        let words: std::collections::HashSet<_> = ReleaseStatus::ALL
            .iter()
            .map(|status| status.as_str())
            .collect();
        assert_eq!(codes.len(), ReleaseStatus::ALL.len());
        assert_eq!(words.len(), ReleaseStatus::ALL.len());
        let publishable: Vec<_> = ReleaseStatus::ALL
            .into_iter()
            .filter(|status| status.publishable())
            .collect();
        assert_eq!(
            publishable,
            [ReleaseStatus::NoReviewNeeded, ReleaseStatus::Ready]
        );
    }

    #[test]
    fn a_file_that_could_not_be_read_is_unreadable_whatever_the_window_says() {
        let window = super::super::assess(None, None, &[], jiff::civil::date(2026, 11, 2));
        assert_eq!(ReleaseStatus::of(&window, None), ReleaseStatus::Unreadable);
        let unreadable = PressFile {
            index: 0,
            path: None,
            content: crate::press::Content::Unreadable(crate::press::Unreadable {
                kind: crate::press::UnreadableKind::Format,
                reason: "is a PDF document".into(),
            }),
        };
        assert_eq!(
            ReleaseStatus::of(&window, Some(&unreadable)),
            ReleaseStatus::Unreadable
        );
        assert!(ReleaseStatus::Unreadable.needs_review());
    }
}
