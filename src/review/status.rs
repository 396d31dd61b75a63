//! One status per press release, built once from the listing, the press texts and today, and
//! read by everything that shows it: the PRESS rules, `review status`, the calendar,
//! `listing.json` and `SUBMISSION.md`.

use jiff::civil::Date;

use super::{State, Window, assess_release};
use crate::manifest::Listing;
use crate::press::PressFile;

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
}

impl ReleaseStatus {
    pub const ALL: [ReleaseStatus; 7] = [
        ReleaseStatus::NoReviewNeeded,
        ReleaseStatus::Unreadable,
        ReleaseStatus::NotSubmitted,
        ReleaseStatus::ChangesRequested,
        ReleaseStatus::InReview,
        ReleaseStatus::WaitingForWindow,
        ReleaseStatus::Ready,
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

/// One `[[press_release]]` with its review assessed at a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// Its index in `[[press_release]]`.
    pub index: usize,
    /// Its `file` as written, or `press_release[N]` when there is none.
    pub file: String,
    /// Whether its text names the product; `None` when it could not be read.
    pub mentions: Option<bool>,
    pub window: Window,
    pub status: ReleaseStatus,
}

/// Every release of `listing`, assessed at `today`, with the texts the press stage read.
pub fn releases(listing: &Listing, press: &[PressFile], today: Date) -> Vec<Release> {
    listing
        .press_releases
        .iter()
        .enumerate()
        .map(|(index, release)| {
            let window = assess_release(release, today);
            let file = press.iter().find(|file| file.index == index);
            Release {
                index,
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
            content: crate::press::Content::Unreadable("is a PDF document".into()),
        };
        assert_eq!(
            ReleaseStatus::of(&window, Some(&unreadable)),
            ReleaseStatus::Unreadable
        );
        assert!(ReleaseStatus::Unreadable.needs_review());
    }
}
