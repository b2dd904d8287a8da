//! A stage's deadlines, computed from the calendar and the scheme's timescales, never typed
//! (docs/rules.md, "Timescales").

use super::machine::StageState;
use super::vocabulary::Stage;
use crate::calendar::{SkippedDay, WorkingCalendar};
use crate::timescales::Timescales;
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDeadlines {
    /// Acknowledge, define and log by (Code 6.2, 6.11).
    pub ack_due: NaiveDate,
    pub ack_skipped: Vec<SkippedDay>,
    /// Respond by, once acknowledged, including extensions (Code 6.3, 6.14).
    pub response_due: Option<NaiveDate>,
    pub response_skipped: Vec<SkippedDay>,
    /// Whether each step happened in time, once it has happened.
    pub acknowledged_in_time: Option<bool>,
    pub responded_in_time: Option<bool>,
    /// The deadline of the clock now running: the acknowledgement's until acknowledged, then
    /// the response's until responded; `None` once responded.
    pub running_due: Option<NaiveDate>,
    /// The running clock (acknowledgement, then response) has passed its deadline.
    pub overdue: bool,
    /// Working days from today to the running clock's deadline: 0 on the day, negative when
    /// overdue; `None` when no clock runs.
    pub working_days_left: Option<i64>,
}

impl StageDeadlines {
    /// No clock runs once a complaint is closed or not accepted, whatever was left undone.
    pub fn stopped(self) -> Self {
        StageDeadlines {
            running_due: None,
            overdue: false,
            working_days_left: None,
            ..self
        }
    }
}

pub fn stage_deadlines(
    calendar: &WorkingCalendar,
    timescales: &Timescales,
    s: &StageState,
    today: NaiveDate,
) -> StageDeadlines {
    let (ack_days, response_days) = match s.stage {
        Stage::One => (timescales.stage1_acknowledge, timescales.stage1_response),
        Stage::Two => (timescales.stage2_acknowledge, timescales.stage2_response),
    };
    let ack = calendar.explain_due(s.requested_on, ack_days);
    let response = s
        .acknowledged_on
        .map(|on| calendar.explain_due(on, response_days + s.extension_working_days));
    let running = match (s.acknowledged_on, s.responded_on) {
        (None, _) => Some(ack.due),
        (Some(_), None) => response.as_ref().map(|r| r.due),
        (Some(_), Some(_)) => None,
    };
    StageDeadlines {
        ack_due: ack.due,
        acknowledged_in_time: s.acknowledged_on.map(|on| on <= ack.due),
        responded_in_time: match (&response, s.responded_on) {
            (Some(r), Some(on)) => Some(on <= r.due),
            _ => None,
        },
        running_due: running,
        overdue: running.is_some_and(|due| today > due),
        working_days_left: running.map(|due| calendar.working_days_between(today, due)),
        ack_skipped: ack.skipped,
        response_due: response.as_ref().map(|r| r.due),
        response_skipped: response.map(|r| r.skipped).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::BankHolidays;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::new(&BankHolidays::england_and_wales().unwrap(), [])
    }

    #[test]
    fn received_on_friday_20_december_2024_is_acknowledged_by_31_december() {
        let s = StageState::new(Stage::One, d("2024-12-20"));
        let dl = stage_deadlines(&cal(), &Timescales::CODE, &s, d("2024-12-23"));
        assert_eq!(dl.ack_due, d("2024-12-31"));
        assert_eq!(dl.response_due, None);
        assert!(!dl.overdue);
        assert_eq!(dl.working_days_left, Some(4));
    }

    #[test]
    fn the_response_is_due_ten_working_days_after_the_acknowledgement_plus_extensions() {
        let mut s = StageState::new(Stage::One, d("2024-12-20"));
        s.acknowledged_on = Some(d("2024-12-31"));
        let dl = stage_deadlines(&cal(), &Timescales::CODE, &s, d("2025-01-16"));
        assert_eq!(dl.response_due, Some(d("2025-01-15")));
        assert_eq!(dl.acknowledged_in_time, Some(true));
        assert!(dl.overdue);
        assert_eq!(dl.working_days_left, Some(-1));
        s.extension_working_days = 10;
        let dl = stage_deadlines(&cal(), &Timescales::CODE, &s, d("2025-01-16"));
        assert_eq!(dl.response_due, Some(d("2025-01-29")));
        assert!(!dl.overdue);
    }

    #[test]
    fn a_stage_2_final_response_is_due_twenty_working_days_after_its_acknowledgement() {
        let mut s = StageState::new(Stage::Two, d("2024-12-20"));
        s.acknowledged_on = Some(d("2024-12-20"));
        s.responded_on = Some(d("2025-01-22"));
        let dl = stage_deadlines(&cal(), &Timescales::CODE, &s, d("2025-03-01"));
        assert_eq!(dl.response_due, Some(d("2025-01-22")));
        assert_eq!(dl.responded_in_time, Some(true));
        assert!(!dl.overdue);
        assert_eq!(dl.working_days_left, None);
    }

    #[test]
    fn a_stopped_stage_is_never_overdue() {
        let s = StageState::new(Stage::One, d("2024-12-20"));
        let dl = stage_deadlines(&cal(), &Timescales::CODE, &s, d("2025-03-01"));
        assert!(dl.overdue);
        let dl = dl.stopped();
        assert!(!dl.overdue);
        assert_eq!(dl.working_days_left, None);
        assert_eq!(dl.ack_due, d("2024-12-31"));
    }
}
