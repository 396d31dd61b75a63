//! The press-release review window, as pure functions: dates in, states out. Today is always a
//! parameter.
//!
//! A release submitted to Microsoft on day D may be published from D + 10 calendar days, once
//! both the marketing and the engineering team approved it. `submitted` is the date of the
//! latest round: a verdict dated before it belongs to an earlier round and no longer counts.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use crate::manifest::PressRelease;

pub mod calendar;
pub mod edit;
pub mod status;

pub use status::{Release, ReleaseStatus, releases};

/// The review takes at least this many calendar days.
pub const REVIEW_DAYS: i64 = 10;

/// From this many days before `publish`, a missing approval is an error, not a warning.
pub const URGENT_DAYS: i64 = 2;

/// The first day a release submitted on `submitted` may be published.
pub fn earliest_publish_date(submitted: Date) -> Date {
    submitted
        .checked_add(REVIEW_DAYS.days())
        .unwrap_or(Date::MAX)
}

/// Whether the window of a release submitted on `submitted` ends inside the calendar (years to
/// 9999). Near its end [`earliest_publish_date`] stops at the calendar's last day, which the
/// window has not reached: no day is publishable then.
pub fn window_ends_in_calendar(submitted: Date) -> bool {
    submitted.checked_add(REVIEW_DAYS.days()).is_ok()
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    // Between civil dates the span's largest unit is days, so it holds the whole difference.
    from.until(to)
        .map_or(0, |span: Span| i64::from(span.get_days()))
}

/// `date` plus `days` (saturating at the calendar's ends).
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(days.days())
        .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Team {
    Marketing,
    Engineering,
}

impl Team {
    pub const ALL: [Team; 2] = [Team::Marketing, Team::Engineering];

    pub fn parse(text: &str) -> Option<Team> {
        match text {
            "marketing" => Some(Team::Marketing),
            "engineering" => Some(Team::Engineering),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Team::Marketing => "marketing",
            Team::Engineering => "engineering",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approved,
    ChangesRequested,
}

impl Verdict {
    pub fn parse(text: &str) -> Option<Verdict> {
        match text {
            "approved" => Some(Verdict::Approved),
            "changes-requested" => Some(Verdict::ChangesRequested),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Approved => "approved",
            Verdict::ChangesRequested => "changes-requested",
        }
    }
}

/// One verdict as recorded, with its index among the release's reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub index: usize,
    pub team: Team,
    pub verdict: Verdict,
    pub date: Date,
}

/// Where one team stands in the latest round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamState {
    Pending,
    Decided(Recorded),
}

impl TeamState {
    pub fn approved(self) -> bool {
        matches!(self, TeamState::Decided(recorded) if recorded.verdict == Verdict::Approved)
    }

    pub fn changes_requested(self) -> bool {
        matches!(self, TeamState::Decided(recorded) if recorded.verdict == Verdict::ChangesRequested)
    }
}

/// The overall state of a release, for the status table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not yet sent to Microsoft.
    NotSubmitted,
    /// A team asked for changes: edit and submit again.
    ChangesRequested,
    /// Waiting for one or both verdicts.
    InReview,
    /// Both approved; the 10 days are not over yet.
    WaitingForWindow,
    /// Both approved and the window has passed: publishable.
    Ready,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotSubmitted => "not submitted",
            State::ChangesRequested => "changes requested",
            State::InReview => "in review",
            State::WaitingForWindow => "approved, window open",
            State::Ready => "ready",
        }
    }
}

/// Everything known about one release's review at a given date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub submitted: Option<Date>,
    pub publish: Option<Date>,
    /// `submitted` + 10 days.
    pub earliest: Option<Date>,
    pub marketing: TeamState,
    pub engineering: TeamState,
    /// Verdicts dated before `submitted`: an earlier round's, ignored.
    pub stale: Vec<Recorded>,
    /// Verdicts dated after `today`: impossible, ignored.
    pub future: Vec<Recorded>,
    pub state: State,
}

impl Window {
    pub fn team(&self, team: Team) -> TeamState {
        match team {
            Team::Marketing => self.marketing,
            Team::Engineering => self.engineering,
        }
    }

    /// Days from today to the end of the window (0 once it has passed); `None` before
    /// submission.
    pub fn days_left(&self, today: Date) -> Option<i64> {
        self.earliest
            .map(|earliest| days_between(today, earliest).max(0))
    }

    pub fn both_approved(&self) -> bool {
        self.marketing.approved() && self.engineering.approved()
    }
}

/// The state of a release: its latest submission, planned publication and recorded verdicts.
/// Within the round, each team's latest verdict wins (a later entry wins a tie on the date).
pub fn assess(
    submitted: Option<Date>,
    publish: Option<Date>,
    reviews: &[Recorded],
    today: Date,
) -> Window {
    let mut stale = Vec::new();
    let mut future = Vec::new();
    let mut marketing = TeamState::Pending;
    let mut engineering = TeamState::Pending;
    if let Some(submitted) = submitted {
        for review in reviews {
            if review.date > today {
                future.push(*review);
                continue;
            }
            if review.date < submitted {
                stale.push(*review);
                continue;
            }
            let slot = match review.team {
                Team::Marketing => &mut marketing,
                Team::Engineering => &mut engineering,
            };
            let newer = match slot {
                TeamState::Pending => true,
                TeamState::Decided(current) => review.date >= current.date,
            };
            if newer {
                *slot = TeamState::Decided(*review);
            }
        }
    }
    let earliest = submitted.map(earliest_publish_date);
    let state = match earliest {
        None => State::NotSubmitted,
        Some(_) if marketing.changes_requested() || engineering.changes_requested() => {
            State::ChangesRequested
        }
        Some(earliest) if marketing.approved() && engineering.approved() => {
            if today >= earliest && submitted.is_some_and(window_ends_in_calendar) {
                State::Ready
            } else {
                State::WaitingForWindow
            }
        }
        Some(_) => State::InReview,
    };
    Window {
        submitted,
        publish,
        earliest,
        marketing,
        engineering,
        stale,
        future,
        state,
    }
}

/// The verdicts of a `[[press_release]]` that have a team, a verdict and a date (the manifest
/// stage reported the others).
pub fn recorded(release: &PressRelease) -> Vec<Recorded> {
    release
        .reviews
        .iter()
        .enumerate()
        .filter_map(|(index, review)| {
            Some(Recorded {
                index,
                team: Team::parse(&review.team.as_ref()?.value)?,
                verdict: Verdict::parse(&review.verdict.as_ref()?.value)?,
                date: review.date.as_ref()?.value,
            })
        })
        .collect()
}

/// [`assess`] for a release as the manifest gives it.
pub fn assess_release(release: &PressRelease, today: Date) -> Window {
    assess(
        release.submitted.as_ref().map(|date| date.value),
        release.publish.as_ref().map(|date| date.value),
        &recorded(release),
        today,
    )
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn review(index: usize, team: Team, verdict: Verdict, on: Date) -> Recorded {
        Recorded {
            index,
            team,
            verdict,
            date: on,
        }
    }

    #[test]
    fn the_window_is_ten_calendar_days_across_month_year_and_leap_days() {
        for (submitted, earliest) in [
            (date(2026, 11, 2), date(2026, 11, 12)),
            (date(2026, 11, 25), date(2026, 12, 5)),
            (date(2026, 12, 25), date(2027, 1, 4)),
            (date(2027, 12, 31), date(2028, 1, 10)),
            // 2028 is a leap year: February has 29 days.
            (date(2028, 2, 20), date(2028, 3, 1)),
            (date(2028, 2, 29), date(2028, 3, 10)),
            // 2027 is not.
            (date(2027, 2, 20), date(2027, 3, 2)),
            // 2100 is not either (divisible by 100, not by 400); 2000 was.
            (date(2100, 2, 25), date(2100, 3, 7)),
            (date(2000, 2, 25), date(2000, 3, 6)),
        ] {
            assert_eq!(earliest_publish_date(submitted), earliest, "{submitted}");
            assert_eq!(days_between(submitted, earliest), REVIEW_DAYS);
        }
        // The calendar's last days saturate instead of failing.
        assert_eq!(earliest_publish_date(Date::MAX), Date::MAX);
    }

    #[test]
    fn a_window_past_the_end_of_the_calendar_never_opens() {
        let approved = [
            review(0, Team::Marketing, Verdict::Approved, date(9999, 12, 31)),
            review(1, Team::Engineering, Verdict::Approved, date(9999, 12, 31)),
        ];
        // Ten days after 9999-12-21 is the calendar's last day: that one still counts.
        let fits = assess(
            Some(date(9999, 12, 21)),
            None,
            &approved,
            date(9999, 12, 31),
        );
        assert_eq!(fits.state, State::Ready);
        for submitted in [date(9999, 12, 22), date(9999, 12, 25), date(9999, 12, 31)] {
            let window = assess(Some(submitted), None, &approved, date(9999, 12, 31));
            assert_eq!(window.state, State::WaitingForWindow, "{submitted}");
            assert!(!window_ends_in_calendar(submitted));
        }
    }

    #[test]
    fn days_left_counts_down_to_zero() {
        let window = assess(Some(date(2026, 12, 28)), None, &[], date(2026, 12, 30));
        assert_eq!(window.earliest, Some(date(2027, 1, 7)));
        assert_eq!(window.days_left(date(2026, 12, 30)), Some(8));
        assert_eq!(window.days_left(date(2027, 1, 7)), Some(0));
        assert_eq!(window.days_left(date(2027, 3, 1)), Some(0));
        assert_eq!(
            assess(None, None, &[], date(2026, 1, 1)).days_left(date(2026, 1, 1)),
            None
        );
    }

    #[test]
    fn the_latest_verdict_of_the_latest_round_wins() {
        let submitted = date(2026, 11, 2);
        let reviews = [
            // An earlier round's approval: stale.
            review(0, Team::Marketing, Verdict::Approved, date(2026, 10, 20)),
            review(
                1,
                Team::Marketing,
                Verdict::ChangesRequested,
                date(2026, 11, 4),
            ),
            review(2, Team::Marketing, Verdict::Approved, date(2026, 11, 6)),
            review(3, Team::Engineering, Verdict::Approved, date(2026, 11, 8)),
            // Same day: the later entry wins.
            review(
                4,
                Team::Engineering,
                Verdict::ChangesRequested,
                date(2026, 11, 8),
            ),
            // After today: impossible.
            review(5, Team::Engineering, Verdict::Approved, date(2026, 12, 1)),
        ];
        let window = assess(Some(submitted), None, &reviews, date(2026, 11, 10));
        assert_eq!(window.stale, [reviews[0]]);
        assert_eq!(window.future, [reviews[5]]);
        assert_eq!(window.marketing, TeamState::Decided(reviews[2]));
        assert_eq!(window.engineering, TeamState::Decided(reviews[4]));
        assert_eq!(window.state, State::ChangesRequested);
    }

    #[test]
    fn states_follow_verdicts_and_the_window() {
        let submitted = Some(date(2026, 11, 2));
        let both = [
            review(0, Team::Marketing, Verdict::Approved, date(2026, 11, 5)),
            review(1, Team::Engineering, Verdict::Approved, date(2026, 11, 6)),
        ];
        let at = |reviews: &[Recorded], today| assess(submitted, None, reviews, today).state;
        assert_eq!(
            assess(None, None, &both, date(2026, 11, 7)).state,
            State::NotSubmitted
        );
        assert_eq!(at(&both[..1], date(2026, 11, 7)), State::InReview);
        assert_eq!(at(&both, date(2026, 11, 7)), State::WaitingForWindow);
        assert_eq!(at(&both, date(2026, 11, 11)), State::WaitingForWindow);
        assert_eq!(at(&both, date(2026, 11, 12)), State::Ready);
    }
}
