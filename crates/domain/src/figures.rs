//! What the figures count: the definitions behind the dashboards, the performance digests
//! (Code 9.6, 9.7), the annual report (Code 8.1) and the Regulator's tenant satisfaction
//! measures CH01 and CH02 (docs/METRICS.md). Pure: the store reads the records and adds up
//! what these rules say each complaint contributes.

use crate::calendar::WorkingCalendar;
use crate::complaint::{
    Decision, RemedyStatus, Stage, StageState, Status, Tenure, stage_deadlines,
};
use crate::timescales::Timescales;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// The version of the rules in [`facts`]: changing what a fact means changes this, and every
/// stored roll-up is rebuilt.
pub const FACTS_VERSION: &str = "facts-2";

/// The version of the Regulator's rules the TSM figures follow (Tenant Satisfaction
/// Measures: Technical Requirements, in force from the 2023 reporting year). A change of
/// rules is a new version, with its own definitions in docs/METRICS.md.
pub const TSM_RULES: &str = "rsh-tsm-2023";

/// `count / of` as a percentage to one decimal place; none when `of` is 0.
pub fn percentage(count: u64, of: u64) -> Option<f64> {
    (of > 0).then(|| {
        // Counts are far below 2^52, so the conversion is exact.
        #[allow(clippy::cast_precision_loss)]
        let p = count as f64 * 100.0 / of as f64;
        (p * 10.0).round() / 10.0
    })
}

/// `count` per 1,000 homes to two decimal places (TSM CH01); none when no homes are recorded.
pub fn per_1000_homes(count: u64, homes: u32) -> Option<f64> {
    (homes > 0).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let v = count as f64 * 1000.0 / f64::from(homes);
        (v * 100.0).round() / 100.0
    })
}

/// The first and last day of financial year `year` (1 April to 31 March), the year the
/// Regulator's measures and the annual report cover.
pub fn financial_year(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 4, 1)?,
        NaiveDate::from_ymd_opt(year + 1, 3, 31)?,
    ))
}

/// The financial year (1 April to 31 March) that `d` falls in, by its starting year.
pub fn financial_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// The age bands of open complaints, in working days since their current stage began,
/// youngest first.
pub const AGE_BANDS: [&str; 5] = ["0-5", "6-10", "11-20", "21-40", "over 40"];

/// The band of an open complaint `days` working days into its current stage.
pub fn age_band(days: i64) -> &'static str {
    match days {
        i64::MIN..=5 => AGE_BANDS[0],
        6..=10 => AGE_BANDS[1],
        11..=20 => AGE_BANDS[2],
        21..=40 => AGE_BANDS[3],
        _ => AGE_BANDS[4],
    }
}

/// Whether a complaint is counted as received at stage 1. A complaint not accepted is an
/// exclusion (Code 2.1–2.5), not a complaint received.
pub fn received_at_stage1(status: Status) -> bool {
    status != Status::NotAccepted
}

/// Whether a stage 2 record is an escalation refused (Code 5.11): the refusal closes the
/// complaint before stage 2 is acknowledged, so it is an exclusion, not a stage 2 complaint.
pub fn escalation_refused(stage: &StageState, status: Status) -> bool {
    stage.stage == Stage::Two && stage.acknowledged_on.is_none() && status == Status::Closed
}

/// Whether a remedy counts as completed (and, when financial, as paid).
pub fn remedy_completed(status: RemedyStatus) -> bool {
    status == RemedyStatus::Completed
}

/// How one stage counts: each step with its day and whether it was in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageCount {
    /// The day it counts as received: stage 2 on the day escalation was asked for, unless the
    /// escalation was refused; stage 1 counts by the complaint's received date instead.
    pub received_on: Option<NaiveDate>,
    /// Acknowledged on, and within the scheme's acknowledgement timescale (Code 6.2, 6.11).
    pub acknowledged: Option<(NaiveDate, bool)>,
    /// Responded on, and within the response timescale plus any extension (Code 6.3, 6.14,
    /// 6.16): a response inside a permitted extension is in time.
    pub responded: Option<(NaiveDate, bool)>,
    /// The response came after an extension.
    pub extended: bool,
}

/// How a stage counts, under the complaint's status and the scheme's timescales. Whether
/// each step was in time does not depend on the day asked.
pub fn stage_count(
    calendar: &WorkingCalendar,
    timescales: &Timescales,
    stage: &StageState,
    status: Status,
) -> StageCount {
    let d = stage_deadlines(calendar, timescales, stage, stage.requested_on);
    StageCount {
        received_on: (stage.stage == Stage::Two && !escalation_refused(stage, status))
            .then_some(stage.requested_on),
        acknowledged: stage
            .acknowledged_on
            .map(|on| (on, d.acknowledged_in_time == Some(true))),
        responded: stage
            .responded_on
            .map(|on| (on, d.responded_in_time == Some(true))),
        extended: stage.extension_working_days > 0,
    }
}

/// The measures one stage contributes, named for its stage.
pub struct StageMeasures {
    pub received: &'static str,
    pub received_tenure: &'static str,
    pub acknowledged: &'static str,
    pub acknowledged_in_time: &'static str,
    pub responded: &'static str,
    pub responded_in_time: &'static str,
    pub responded_tenure: &'static str,
    pub responded_in_time_tenure: &'static str,
    pub extended: &'static str,
    pub outcome: &'static str,
}

pub const STAGE1: StageMeasures = StageMeasures {
    received: "s1.received",
    received_tenure: "s1.received.tenure",
    acknowledged: "s1.acknowledged",
    acknowledged_in_time: "s1.acknowledged_in_time",
    responded: "s1.responded",
    responded_in_time: "s1.responded_in_time",
    responded_tenure: "s1.responded.tenure",
    responded_in_time_tenure: "s1.responded_in_time.tenure",
    extended: "s1.extended",
    outcome: "s1.outcome",
};

pub const STAGE2: StageMeasures = StageMeasures {
    received: "s2.received",
    received_tenure: "s2.received.tenure",
    acknowledged: "s2.acknowledged",
    acknowledged_in_time: "s2.acknowledged_in_time",
    responded: "s2.responded",
    responded_in_time: "s2.responded_in_time",
    responded_tenure: "s2.responded.tenure",
    responded_in_time_tenure: "s2.responded_in_time.tenure",
    extended: "s2.extended",
    outcome: "s2.outcome",
};

pub fn measures(stage: Stage) -> &'static StageMeasures {
    match stage {
        Stage::One => &STAGE1,
        Stage::Two => &STAGE2,
    }
}

/// Stage 1 complaints received, by category.
pub const RECEIVED_CATEGORY: &str = "s1.received.category";
/// Stage 1 responses by the contractor that handled them, and those in time (Code 5.4, 5.5).
pub const CONTRACTOR_RESPONDED: &str = "s1.responded.contractor";
pub const CONTRACTOR_RESPONDED_IN_TIME: &str = "s1.responded_in_time.contractor";
/// Decisions not to accept (Code 2.1–2.5) and refusals to escalate (5.11), by reason.
pub const EXCLUDED: &str = "excluded";
/// Remedies of the stages responded to on the day (Code 7).
pub const REMEDIES_OFFERED: &str = "remedies.offered";
pub const REMEDIES_COMPLETED: &str = "remedies.completed";
pub const REMEDIES_OFFERED_PENCE: &str = "remedies.offered_pence";
pub const REMEDIES_PAID_PENCE: &str = "remedies.paid_pence";

/// Facts: (day, measure, breakdown) → count (or pence). The figures for a period are their
/// sums over the period's days.
pub type Facts = BTreeMap<(NaiveDate, &'static str, String), i64>;

/// A remedy as the figures see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemedyForFigures {
    pub stage: Stage,
    pub status: RemedyStatus,
    pub amount_pence: Option<i64>,
}

/// A complaint as the figures see it: no resident data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseForFigures {
    pub received_on: NaiveDate,
    pub category: String,
    pub status: Status,
    pub tenure: Option<Tenure>,
    pub stages: Vec<(StageState, Option<Decision>)>,
    pub remedies: Vec<RemedyForFigures>,
    /// Exclusions: the day and the reason.
    pub exclusions: Vec<(NaiveDate, String)>,
}

/// What one complaint contributes to the figures, added to `out` (docs/METRICS.md):
/// * stage 1 received on the day the complaint was received, unless it was not accepted;
///   stage 2 on the day escalation was asked for, unless the escalation was refused;
/// * acknowledgements and responses on their days, with whether each was in time;
/// * outcomes, extensions and contractors' stage 1 handling on the day of the response;
/// * the remedies of a stage on the day of its response;
/// * exclusions on the day of the decision, by reason.
pub fn facts(
    case: &CaseForFigures,
    calendar: &WorkingCalendar,
    timescales: &Timescales,
    out: &mut Facts,
) {
    let mut add = |day: NaiveDate, measure: &'static str, dim: &str, n: i64| {
        *out.entry((day, measure, dim.to_owned())).or_default() += n;
    };
    let tenure = case.tenure.map_or("", Tenure::as_str);
    for (on, reason) in &case.exclusions {
        add(*on, EXCLUDED, reason, 1);
    }
    if received_at_stage1(case.status) {
        add(case.received_on, STAGE1.received, "", 1);
        add(case.received_on, STAGE1.received_tenure, tenure, 1);
        add(case.received_on, RECEIVED_CATEGORY, &case.category, 1);
    }
    for (s, decision) in &case.stages {
        let m = measures(s.stage);
        let count = stage_count(calendar, timescales, s, case.status);
        if let Some(on) = count.received_on {
            add(on, m.received, "", 1);
            add(on, m.received_tenure, tenure, 1);
        }
        if let Some((on, in_time)) = count.acknowledged {
            add(on, m.acknowledged, "", 1);
            if in_time {
                add(on, m.acknowledged_in_time, "", 1);
            }
        }
        let Some((on, in_time)) = count.responded else {
            continue;
        };
        add(on, m.responded, "", 1);
        add(on, m.responded_tenure, tenure, 1);
        if in_time {
            add(on, m.responded_in_time, "", 1);
            add(on, m.responded_in_time_tenure, tenure, 1);
        }
        if count.extended {
            add(on, m.extended, "", 1);
        }
        if let Some(decision) = decision {
            add(on, m.outcome, decision.as_str(), 1);
        }
        if let (Stage::One, Some(contractor)) = (s.stage, s.contractor_id) {
            let dim = contractor.to_string();
            add(on, CONTRACTOR_RESPONDED, &dim, 1);
            if in_time {
                add(on, CONTRACTOR_RESPONDED_IN_TIME, &dim, 1);
            }
        }
        for r in case.remedies.iter().filter(|r| r.stage == s.stage) {
            let completed = remedy_completed(r.status);
            add(on, REMEDIES_OFFERED, "", 1);
            if completed {
                add(on, REMEDIES_COMPLETED, "", 1);
            }
            if let Some(p) = r.amount_pence {
                add(on, REMEDIES_OFFERED_PENCE, "", p);
                if completed {
                    add(on, REMEDIES_PAID_PENCE, "", p);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::calendar::{BankHolidays, WorkingCalendar};
    use uuid::Uuid;

    fn calendar() -> WorkingCalendar {
        WorkingCalendar::new(&BankHolidays::england_and_wales().unwrap(), [])
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn stage(stage: Stage, requested: &str) -> StageState {
        StageState::new(stage, d(requested))
    }

    fn case(status: Status, stages: Vec<(StageState, Option<Decision>)>) -> CaseForFigures {
        CaseForFigures {
            received_on: d("2025-06-02"),
            category: "repairs".into(),
            status,
            tenure: Some(Tenure::LowCostRental),
            stages,
            remedies: Vec::new(),
            exclusions: Vec::new(),
        }
    }

    fn facts_of(c: &CaseForFigures) -> Facts {
        let mut out = Facts::new();
        facts(c, &calendar(), &Timescales::CODE, &mut out);
        out
    }

    fn n(f: &Facts, day: &str, measure: &str, dim: &str) -> i64 {
        f.iter()
            .find(|((dd, m, di), _)| *dd == d(day) && *m == measure && di == dim)
            .map_or(0, |(_, n)| *n)
    }

    #[test]
    fn percentages_and_rates_per_1000_homes_round_as_published() {
        assert_eq!(percentage(2, 3), Some(66.7));
        assert_eq!(percentage(0, 0), None);
        assert_eq!(percentage(5, 5), Some(100.0));
        // CH01: 403 complaints for 12,345 homes.
        assert_eq!(per_1000_homes(403, 12_345), Some(32.64));
        assert_eq!(per_1000_homes(10, 0), None);
    }

    #[test]
    fn the_financial_year_runs_from_april_to_march() {
        assert_eq!(
            financial_year(2024),
            Some((d("2024-04-01"), d("2025-03-31")))
        );
        assert_eq!(financial_year_of(d("2026-03-31")), 2025);
        assert_eq!(financial_year_of(d("2026-04-01")), 2026);
    }

    #[test]
    fn age_bands_cover_every_age_once() {
        assert_eq!(age_band(0), "0-5");
        assert_eq!(age_band(5), "0-5");
        assert_eq!(age_band(6), "6-10");
        assert_eq!(age_band(20), "11-20");
        assert_eq!(age_band(40), "21-40");
        assert_eq!(age_band(41), "over 40");
        assert_eq!(age_band(-3), "0-5");
    }

    #[test]
    fn a_complaint_not_accepted_is_an_exclusion_not_a_complaint_received() {
        let mut c = case(Status::NotAccepted, vec![]);
        c.exclusions
            .push((d("2025-06-04"), "outside_time_limit".into()));
        let f = facts_of(&c);
        assert_eq!(n(&f, "2025-06-02", STAGE1.received, ""), 0);
        assert_eq!(n(&f, "2025-06-04", EXCLUDED, "outside_time_limit"), 1);
        let f = facts_of(&case(Status::Stage1Open, vec![]));
        assert_eq!(n(&f, "2025-06-02", STAGE1.received, ""), 1);
        assert_eq!(
            n(&f, "2025-06-02", STAGE1.received_tenure, "low_cost_rental"),
            1
        );
        assert_eq!(n(&f, "2025-06-02", RECEIVED_CATEGORY, "repairs"), 1);
    }

    #[test]
    fn a_refused_escalation_is_not_a_stage_2_complaint() {
        let s1 = StageState {
            acknowledged_on: Some(d("2025-06-03")),
            responded_on: Some(d("2025-06-10")),
            ..stage(Stage::One, "2025-06-02")
        };
        let s2 = stage(Stage::Two, "2025-06-20");
        assert!(escalation_refused(&s2, Status::Closed));
        assert!(!escalation_refused(&s2, Status::Stage2Requested));
        let refused = facts_of(&case(
            Status::Closed,
            vec![(s1.clone(), Some(Decision::Upheld)), (s2.clone(), None)],
        ));
        assert_eq!(n(&refused, "2025-06-20", STAGE2.received, ""), 0);
        let asked = facts_of(&case(
            Status::Stage2Requested,
            vec![(s1, Some(Decision::Upheld)), (s2, None)],
        ));
        assert_eq!(n(&asked, "2025-06-20", STAGE2.received, ""), 1);
        assert_eq!(n(&asked, "2025-06-10", STAGE1.outcome, "upheld"), 1);
    }

    #[test]
    fn a_response_inside_its_extension_is_in_time_and_one_after_it_is_late() {
        // Acknowledged Tuesday 3 June 2025: 10 working days is 17 June; extended by 10
        // working days (Code 6.14) it is 1 July.
        let extended = StageState {
            acknowledged_on: Some(d("2025-06-03")),
            extension_working_days: 10,
            responded_on: Some(d("2025-06-30")),
            contractor_id: Some(Uuid::nil()),
            ..stage(Stage::One, "2025-06-02")
        };
        let c = stage_count(
            &calendar(),
            &Timescales::CODE,
            &extended,
            Status::Stage1Responded,
        );
        assert_eq!(c.acknowledged, Some((d("2025-06-03"), true)));
        assert_eq!(c.responded, Some((d("2025-06-30"), true)));
        assert!(c.extended);
        let f = facts_of(&case(
            Status::Stage1Responded,
            vec![(extended.clone(), None)],
        ));
        assert_eq!(n(&f, "2025-06-30", STAGE1.responded_in_time, ""), 1);
        assert_eq!(n(&f, "2025-06-30", STAGE1.extended, ""), 1);
        let contractor = Uuid::nil().to_string();
        assert_eq!(
            n(&f, "2025-06-30", CONTRACTOR_RESPONDED_IN_TIME, &contractor),
            1
        );

        let late = StageState {
            responded_on: Some(d("2025-07-02")),
            ..extended
        };
        let f = facts_of(&case(Status::Stage1Responded, vec![(late, None)]));
        assert_eq!(n(&f, "2025-07-02", STAGE1.responded, ""), 1);
        assert_eq!(n(&f, "2025-07-02", STAGE1.responded_in_time, ""), 0);
        assert_eq!(n(&f, "2025-07-02", CONTRACTOR_RESPONDED, &contractor), 1);
    }

    #[test]
    fn remedies_count_on_the_day_of_their_stages_response_and_are_paid_when_completed() {
        let s1 = StageState {
            acknowledged_on: Some(d("2025-06-03")),
            responded_on: Some(d("2025-06-10")),
            ..stage(Stage::One, "2025-06-02")
        };
        let mut c = case(
            Status::Stage1Responded,
            vec![(s1, Some(Decision::PartlyUpheld))],
        );
        c.remedies = vec![
            RemedyForFigures {
                stage: Stage::One,
                status: RemedyStatus::Completed,
                amount_pence: Some(25_000),
            },
            RemedyForFigures {
                stage: Stage::One,
                status: RemedyStatus::Offered,
                amount_pence: Some(10_000),
            },
            // A stage 2 remedy has no stage 2 response to count on yet.
            RemedyForFigures {
                stage: Stage::Two,
                status: RemedyStatus::Offered,
                amount_pence: None,
            },
        ];
        let f = facts_of(&c);
        assert_eq!(n(&f, "2025-06-10", REMEDIES_OFFERED, ""), 2);
        assert_eq!(n(&f, "2025-06-10", REMEDIES_COMPLETED, ""), 1);
        assert_eq!(n(&f, "2025-06-10", REMEDIES_OFFERED_PENCE, ""), 35_000);
        assert_eq!(n(&f, "2025-06-10", REMEDIES_PAID_PENCE, ""), 25_000);
    }
}

/// When the landlord's annual submission to the Ombudsman (its self-assessment against the
/// Code, its annual complaints performance and service improvement report, and its governing
/// body's response) is due for the financial year starting in `year`, and the rule in words:
/// 30 September for a landlord of more than 1,000 homes; otherwise six months after its
/// financial year ends, which for the 1 April to 31 March year every figure here uses is the
/// same day.
pub fn submission_due(homes: u32, year: i32) -> Option<(NaiveDate, &'static str)> {
    let year_ends = NaiveDate::from_ymd_opt(year + 1, 3, 31)?;
    if homes > 1_000 {
        Some((
            NaiveDate::from_ymd_opt(year + 1, 9, 30)?,
            "30 September after the financial year, for a landlord of more than 1,000 homes",
        ))
    } else {
        Some((
            year_ends.checked_add_months(chrono::Months::new(6))?,
            "six months after the financial year ends, for a landlord of 1,000 homes or fewer",
        ))
    }
}

/// When the annual submission is due: the date the Ombudsman gave when it asked for a
/// re-submission, if it did, else the date from the landlord's size; with the rule in words.
pub fn submission_date(
    homes: u32,
    year: i32,
    resubmission_due: Option<NaiveDate>,
) -> Option<(NaiveDate, &'static str)> {
    match resubmission_due {
        Some(due) => Some((
            due,
            "the date the Ombudsman gave when it asked for a re-submission",
        )),
        None => submission_due(homes, year),
    }
}

/// How many weeks before the annual submission is due the MRC and the landlord's admins are
/// reminded of it.
pub const SUBMISSION_REMINDER_WEEKS: [i64; 3] = [8, 4, 1];

/// The headline figures a landlord may set itself a target for, and their names: the share of
/// complaints acknowledged and responded to within the Code's timescales at each stage
/// (Code 4.1, 5.4, 6.2, 6.10). A target is a whole percentage; the dashboard shows it beside
/// the figure.
pub const TARGETS: [(&str, &str); 4] = [
    (
        "stage1_acknowledged_in_time",
        "Stage 1 acknowledged in time",
    ),
    ("stage1_responded_in_time", "Stage 1 responded to in time"),
    (
        "stage2_acknowledged_in_time",
        "Stage 2 acknowledged in time",
    ),
    ("stage2_responded_in_time", "Stage 2 responded to in time"),
];

/// Why `figure` is not one of the headline figures, or `None` when it is.
fn not_a_headline_figure(figure: &str, what: &str) -> Option<String> {
    if TARGETS.iter().any(|(k, _)| *k == figure) {
        return None;
    }
    let names: Vec<&str> = TARGETS.iter().map(|(k, _)| *k).collect();
    Some(format!(
        "is not a figure with {what}; the figures are {}",
        names.join(", ")
    ))
}

/// Why a target cannot be set, or `None` when it can.
pub fn target_problem(figure: &str, pct: u32) -> Option<String> {
    if let Some(problem) = not_a_headline_figure(figure, "a target") {
        return Some(problem);
    }
    (pct > 100).then(|| "must be a percentage from 0 to 100".to_owned())
}

/// A sector figure as published (79.4 for 79.4%) in tenths of a percent, or why it cannot be
/// recorded: the sector's figures are given for the same headline figures as targets, as a
/// percentage to at most one decimal place, as the Regulator publishes them.
pub fn sector_tenths(figure: &str, pct: f64) -> Result<u16, String> {
    if let Some(problem) = not_a_headline_figure(figure, "a sector figure") {
        return Err(problem);
    }
    if !pct.is_finite() || !(0.0..=100.0).contains(&pct) {
        return Err("must be a percentage from 0 to 100".to_owned());
    }
    let scaled = pct * 10.0;
    let tenths = scaled.round();
    if (scaled - tenths).abs() > 1e-6 {
        return Err("must have at most one decimal place, as published".to_owned());
    }
    // From 0 to 1,000, so it fits.
    u16::try_from(tenths as i64).map_err(|_| "must be a percentage from 0 to 100".to_owned())
}

#[cfg(test)]
mod target_tests {
    use super::*;

    #[test]
    fn the_annual_submission_is_due_by_size() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let (large, why) = submission_due(5_200, 2025).unwrap();
        assert_eq!(large, d("2026-09-30"));
        assert!(why.contains("more than 1,000 homes"));
        // Six months after 31 March is 30 September, not a day in October.
        let (small, why) = submission_due(1_000, 2025).unwrap();
        assert_eq!(small, d("2026-09-30"));
        assert!(why.contains("six months"));
        let (again, why) = submission_date(5_200, 2025, Some(d("2027-02-05"))).unwrap();
        assert_eq!(again, d("2027-02-05"));
        assert!(why.contains("re-submission"));
    }

    #[test]
    fn a_sector_figure_is_a_percentage_to_one_decimal_place() {
        assert_eq!(sector_tenths("stage1_responded_in_time", 79.4), Ok(794));
        assert_eq!(sector_tenths("stage2_responded_in_time", 100.0), Ok(1000));
        assert_eq!(sector_tenths("stage1_acknowledged_in_time", 0.0), Ok(0));
        assert!(sector_tenths("stage1_responded_in_time", 79.45).is_err());
        assert!(sector_tenths("stage1_responded_in_time", 100.1).is_err());
        assert!(sector_tenths("stage1_responded_in_time", -1.0).is_err());
        assert!(sector_tenths("stage1_responded_in_time", f64::NAN).is_err());
        assert!(
            sector_tenths("escalation_rate", 10.0)
                .is_err_and(|m| m.contains("a sector figure") && m.contains("stage1_responded"))
        );
    }

    #[test]
    fn a_target_is_a_percentage_of_a_named_figure() {
        assert_eq!(target_problem("stage1_responded_in_time", 95), None);
        assert_eq!(target_problem("stage2_acknowledged_in_time", 0), None);
        assert_eq!(
            target_problem("stage1_responded_in_time", 101).as_deref(),
            Some("must be a percentage from 0 to 100")
        );
        assert!(
            target_problem("escalation_rate", 10)
                .is_some_and(|m| m.contains("stage1_responded_in_time"))
        );
    }
}
