//! What is due next on a complaint, and by when: the worklist is built on it (docs/api.md,
//! "The worklist"). A complaint's next step is the earliest of its running clock (to
//! acknowledge or to respond, Code 5.1–5.18, 6.1–6.20), its open outstanding actions (Code
//! 6.6), the remedies it offered that are not yet delivered (Code 7.3), and the Ombudsman's
//! requests for information not yet answered (a slow answer leads to a Complaint Handling
//! Failure Order).

use super::{ActionStatus, RemedyStatus, Status};
use chrono::NaiveDate;

vocabulary! {
    /// What must be done next on a complaint: acknowledge the complaint or the request to
    /// escalate it (Code 5.1–5.3, 6.13), send the stage's response (Code 6.4, 6.14), finish an
    /// action promised in a response (Code 6.6) or deliver a remedy offered (Code 7.3).
    Due {
        Acknowledge = "acknowledge",
        Respond = "respond",
        Action = "action",
        Remedy = "remedy",
        OmbudsmanRequest = "ombudsman_request",
    }
}

/// The next thing due on a complaint, and the day it is due by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextDue {
    pub due: Due,
    pub on: NaiveDate,
}

/// What the running clock asks for, in a status where a clock runs.
pub fn clock_due(status: Status) -> Option<Due> {
    match status {
        Status::Received | Status::Stage2Requested => Some(Due::Acknowledge),
        Status::Stage1Open | Status::Stage2Open => Some(Due::Respond),
        _ => None,
    }
}

/// The earliest of what is due. On the same day the running clock comes first, then actions,
/// then remedies: the statutory deadline is the one the Ombudsman measures (Code 5, 6).
pub fn next_due(
    status: Status,
    running_due: Option<NaiveDate>,
    actions: impl IntoIterator<Item = (ActionStatus, NaiveDate)>,
    remedies: impl IntoIterator<Item = (RemedyStatus, Option<NaiveDate>)>,
) -> Option<NextDue> {
    let clock = running_due
        .zip(clock_due(status))
        .map(|(on, due)| NextDue { due, on });
    let action = actions
        .into_iter()
        .filter(|(s, _)| *s != ActionStatus::Completed)
        .map(|(_, on)| on)
        .min()
        .map(|on| NextDue {
            due: Due::Action,
            on,
        });
    let remedy = remedies
        .into_iter()
        .filter(|(s, _)| matches!(s, RemedyStatus::Offered | RemedyStatus::InProgress))
        .filter_map(|(_, on)| on)
        .min()
        .map(|on| NextDue {
            due: Due::Remedy,
            on,
        });
    [clock, action, remedy].into_iter().flatten().fold(
        None,
        |best: Option<NextDue>, n| match best {
            Some(b) if b.on <= n.on => Some(b),
            _ => Some(n),
        },
    )
}

/// The earlier of two things due; on the same day, the first (the landlord's own clock before
/// the Ombudsman's date).
pub fn earlier(first: Option<NextDue>, second: Option<NextDue>) -> Option<NextDue> {
    match (first, second) {
        (Some(a), Some(b)) if b.on < a.on => Some(b),
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

/// The earliest date the Ombudsman gave for a request not yet answered.
pub fn ombudsman_request_due(open: impl IntoIterator<Item = NaiveDate>) -> Option<NextDue> {
    open.into_iter().min().map(|on| NextDue {
        due: Due::OmbudsmanRequest,
        on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_ombudsman_request_is_due_by_the_date_it_gives_unless_the_clock_is_earlier() {
        let request = ombudsman_request_due([d("2027-02-10"), d("2027-02-03")]);
        assert_eq!(
            request,
            Some(NextDue {
                due: Due::OmbudsmanRequest,
                on: d("2027-02-03")
            })
        );
        let action = next_due(
            Status::Closed,
            None,
            [(ActionStatus::Open, d("2027-02-05"))],
            [],
        );
        assert_eq!(earlier(action, request), request);
        let same_day = next_due(
            Status::Closed,
            None,
            [(ActionStatus::Open, d("2027-02-03"))],
            [],
        );
        assert_eq!(earlier(same_day, request), same_day);
        assert_eq!(earlier(None, request), request);
        assert_eq!(ombudsman_request_due([]), None);
    }

    #[test]
    fn a_new_complaint_is_due_its_acknowledgement() {
        let n = next_due(Status::Received, Some(d("2026-12-11")), [], []);
        assert_eq!(
            n,
            Some(NextDue {
                due: Due::Acknowledge,
                on: d("2026-12-11")
            })
        );
    }

    #[test]
    fn an_earlier_action_comes_before_the_response() {
        let n = next_due(
            Status::Stage2Open,
            Some(d("2027-01-20")),
            [
                (ActionStatus::Open, d("2027-01-05")),
                (ActionStatus::Completed, d("2026-12-01")),
            ],
            [],
        );
        assert_eq!(
            n,
            Some(NextDue {
                due: Due::Action,
                on: d("2027-01-05")
            })
        );
    }

    #[test]
    fn on_the_same_day_the_clock_comes_first() {
        let n = next_due(
            Status::Stage1Open,
            Some(d("2027-01-05")),
            [(ActionStatus::InProgress, d("2027-01-05"))],
            [(RemedyStatus::Offered, Some(d("2027-01-05")))],
        );
        assert_eq!(n.map(|n| n.due), Some(Due::Respond));
    }

    #[test]
    fn a_closed_case_with_a_remedy_undelivered_still_has_it_due() {
        let n = next_due(
            Status::Closed,
            None,
            [],
            [
                (RemedyStatus::Completed, Some(d("2026-11-01"))),
                (RemedyStatus::Declined, Some(d("2026-11-02"))),
                (RemedyStatus::InProgress, None),
                (RemedyStatus::Offered, Some(d("2026-12-20"))),
            ],
        );
        assert_eq!(
            n,
            Some(NextDue {
                due: Due::Remedy,
                on: d("2026-12-20")
            })
        );
    }

    #[test]
    fn nothing_due_when_responded_and_nothing_promised() {
        assert_eq!(next_due(Status::Stage1Responded, None, [], []), None);
        // A clock stored on a status that runs none is not a step.
        assert_eq!(
            next_due(Status::NotAccepted, Some(d("2026-12-01")), [], []),
            None
        );
    }
}
