//! Properties of the working-day calendar (docs/rules.md, "Working days and deadlines"),
//! checked against a plain day-by-day reference over 2017–2031, which reaches past both ends
//! of the shipped bank-holiday data (2018–2030).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use proptest::prelude::*;
use redress_domain::calendar::{BankHolidays, ClosureDay, NonWorkingReason, WorkingCalendar};

const FIRST_DAY: (i32, u32, u32) = (2017, 1, 1);
const LAST_DAY: (i32, u32, u32) = (2031, 12, 31);

fn ymd((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Day by day, from first principles: a working day is Monday to Friday, not a listed
/// bank holiday and not a closure day.
struct Reference {
    bank_holidays: HashSet<NaiveDate>,
    closures: HashSet<NaiveDate>,
}

impl Reference {
    fn new(bank_holidays: &BankHolidays, closures: &[ClosureDay]) -> Self {
        Self {
            bank_holidays: bank_holidays.iter().map(|(d, _)| d).collect(),
            closures: closures.iter().map(|c| c.date).collect(),
        }
    }

    fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            && !self.bank_holidays.contains(&d)
            && !self.closures.contains(&d)
    }

    fn due(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut counted = 0;
        while counted < n {
            d = d.succ_opt().unwrap();
            if self.is_working_day(d) {
                counted += 1;
            }
        }
        d
    }

    fn between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = lo
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= hi)
            .filter(|d| self.is_working_day(*d))
            .count();
        sign * i64::try_from(count).unwrap()
    }
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let first = ymd(FIRST_DAY);
    let span = (ymd(LAST_DAY) - first).num_days() as u64;
    (0..=span).prop_map(move |offset| first + Days::new(offset))
}

/// A start date, and closure days both anywhere in the range and close after the start
/// (where they change the deadline), some deliberately on weekends and bank holidays.
fn scenario() -> impl Strategy<Value = (NaiveDate, Vec<ClosureDay>)> {
    (
        any_date(),
        prop::collection::vec(any_date(), 0..4),
        prop::collection::vec(0u64..100, 0..12),
    )
        .prop_map(|(from, anywhere, near)| {
            let closures = anywhere
                .into_iter()
                .chain(near.into_iter().map(|offset| from + Days::new(offset)))
                .map(|date| ClosureDay {
                    date,
                    reason: format!("closed {date}"),
                })
                .collect();
            (from, closures)
        })
}

fn shipped() -> BankHolidays {
    BankHolidays::england_and_wales().unwrap()
}

proptest! {
    #[test]
    fn a_deadline_never_lands_on_a_non_working_day(
        (from, closures) in scenario(),
        n in 1u32..=60,
    ) {
        let cal = WorkingCalendar::new(&shipped(), closures);
        let due = cal.due(from, n);
        prop_assert!(due > from);
        prop_assert!(cal.is_working_day(due), "{from} + {n} = {due}");
        prop_assert_eq!(cal.non_working_reason(due), None);
    }

    #[test]
    fn counting_back_from_a_deadline_gives_the_working_days_added(
        (from, closures) in scenario(),
        n in 0u32..=60,
    ) {
        let cal = WorkingCalendar::new(&shipped(), closures);
        let due = cal.due(from, n);
        prop_assert_eq!(cal.working_days_between(from, due), i64::from(n));
        prop_assert_eq!(cal.working_days_between(due, from), -i64::from(n));
    }

    #[test]
    fn a_later_count_never_gives_an_earlier_deadline(
        (from, closures) in scenario(),
        n in 0u32..60,
    ) {
        let cal = WorkingCalendar::new(&shipped(), closures);
        prop_assert!(cal.due(from, n) < cal.due(from, n + 1));
    }

    #[test]
    fn the_fast_path_agrees_with_counting_day_by_day(
        (from, closures) in scenario(),
        n in 0u32..=60,
        other in any_date(),
    ) {
        let bank_holidays = shipped();
        let reference = Reference::new(&bank_holidays, &closures);
        let cal = WorkingCalendar::new(&bank_holidays, closures);
        prop_assert_eq!(cal.due(from, n), reference.due(from, n));
        prop_assert_eq!(cal.working_days_between(from, other), reference.between(from, other));
        prop_assert_eq!(cal.is_working_day(other), reference.is_working_day(other));
        prop_assert_eq!(cal.non_working_reason(other).is_none(), reference.is_working_day(other));
    }

    #[test]
    fn an_explanation_lists_exactly_the_non_working_days_before_the_deadline(
        (from, closures) in scenario(),
        n in 1u32..=60,
    ) {
        let bank_holidays = shipped();
        let reference = Reference::new(&bank_holidays, &closures);
        let cal = WorkingCalendar::new(&bank_holidays, closures);
        let explanation = cal.explain_due(from, n);
        prop_assert_eq!(explanation.due, cal.due(from, n));
        let expected: Vec<NaiveDate> = from
            .iter_days()
            .skip(1)
            .take_while(|d| *d < explanation.due)
            .filter(|d| !reference.is_working_day(*d))
            .collect();
        let listed: Vec<NaiveDate> = explanation.skipped.iter().map(|s| s.date).collect();
        prop_assert_eq!(listed, expected);
        for skipped in &explanation.skipped {
            match &skipped.reason {
                NonWorkingReason::Weekend(day) => prop_assert_eq!(*day, skipped.date.weekday()),
                NonWorkingReason::BankHoliday(title) => prop_assert_eq!(
                    bank_holidays.title_on(skipped.date),
                    Some(title.as_str())
                ),
                NonWorkingReason::ClosureDay(reason) => {
                    prop_assert_eq!(reason, &format!("closed {}", skipped.date));
                }
            }
        }
    }

    #[test]
    fn working_days_between_adds_up_across_an_intermediate_day(
        (a, closures) in scenario(),
        b in any_date(),
        c in any_date(),
    ) {
        let cal = WorkingCalendar::new(&shipped(), closures);
        prop_assert_eq!(
            cal.working_days_between(a, c),
            cal.working_days_between(a, b) + cal.working_days_between(b, c)
        );
    }
}

#[test]
fn every_bank_holiday_in_the_shipped_data_is_explained_by_its_title() {
    let bank_holidays = shipped();
    let cal = WorkingCalendar::new(&bank_holidays, []);
    let titles: BTreeMap<NaiveDate, &str> = bank_holidays.iter().collect();
    for (date, title) in titles {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        assert_eq!(
            cal.non_working_reason(date),
            Some(NonWorkingReason::BankHoliday(title.to_owned())),
            "{date}"
        );
    }
}
