//! How a landlord is handling complaints over a period: the figures the performance digest
//! sends to the Member Responsible for Complaints and the governing body (Code 9.6, 9.7) and
//! that the dashboards show. No resident personal data: counts, rates and categories only.
//!
//! Which complaints count, at which date:
//! * received: stage 1 by the day the complaint was received, stage 2 by the day escalation
//!   was asked for (whether or not the complaint was later accepted; exclusions are shown
//!   separately);
//! * acknowledged in time: stages acknowledged within the period, against the scheme's
//!   acknowledgement timescale;
//! * responded in time: stages responded to within the period, against the response
//!   timescale plus any extension (a response inside a permitted extension is in time);
//! * outcomes: the decisions of those responses;
//! * escalation rate: stage 2 requests in the period per stage 1 response in the period;
//! * exclusions: decisions not to accept (Code 2.1–2.5) and refusals to escalate (5.11) made
//!   in the period, by reason;
//! * remedies: those offered in responses made in the period;
//! * learning: entries identified in the period, improvements implemented in it, and those
//!   not yet implemented at its end;
//! * open and overdue: as they stand on `today`.

mod compute;

use crate::complaints::StageRecord;
use crate::entities::{complaint, complaint_event};
use crate::error::corrupt;
use crate::landlords::{self, Landlord, non_negative};
use crate::learning::{self, LearningFigures};
use crate::ombudsman::{OmbudsmanSummary, ombudsman_summary};
use crate::reminders::open_stages;
use crate::rollup;
use crate::sql::statement;
use crate::{Result, TenantScope, tenant};
use chrono::{Datelike, NaiveDate};
use compute::{ByTenure, Totals, compute, from_rollup};
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{Decision, Stage, StageState, Status, stage_deadlines};
pub use redress_domain::figures::{AGE_BANDS, TSM_RULES, financial_year};
use redress_domain::figures::{age_band, per_1000_homes, percentage};
use redress_domain::timescales::Timescales;
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect, TransactionTrait};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;
use uuid::Uuid;

/// A part of a whole, with the percentage when there is a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct Rate {
    pub count: u64,
    pub of: u64,
    /// `count / of` as a percentage to one decimal place; none when `of` is 0.
    pub pct: Option<f64>,
}

impl Rate {
    pub fn new(count: u64, of: u64) -> Self {
        Rate {
            count,
            of,
            pct: percentage(count, of),
        }
    }
}

/// One stage's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct StageFigures {
    pub received: u64,
    /// Received per 1,000 homes, to two decimal places; none when homes are not recorded.
    pub received_per_1000_homes: Option<f64>,
    pub acknowledged_in_time: Rate,
    pub responded_in_time: Rate,
    /// Responses by decision: `upheld`, `partly_upheld`, `not_upheld`.
    pub outcomes: BTreeMap<String, u64>,
    /// Responses made after an extension.
    pub extended: u64,
}

/// Remedies offered in the period's responses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct RemedyFigures {
    pub offered: u64,
    pub completed: u64,
    pub financial_offered_pence: i64,
    pub financial_paid_pence: i64,
}

/// What is open on `today`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct OpenFigures {
    pub open: u64,
    pub overdue: u64,
    pub stage1_open: u64,
    pub stage2_open: u64,
    /// Open complaints by age in working days since the stage began, youngest first, every
    /// band listed (zeros included).
    pub ageing: Vec<AgeBand>,
}

/// Open complaints of an age, in working days since their current stage began.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct AgeBand {
    /// `0-5`, `6-10`, `11-20`, `21-40` or `over 40`.
    #[schema(value_type = String)]
    pub band: &'static str,
    pub count: u64,
}

/// How many complaints of a category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CategoryCount {
    pub category: String,
    pub count: u64,
}

/// The figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub homes: u32,
    pub stage1: StageFigures,
    pub stage2: StageFigures,
    /// Stage 2 requests per stage 1 response.
    pub escalation_rate: Rate,
    /// Complaints received by category, most first.
    pub categories: Vec<CategoryCount>,
    /// Decisions not to accept and refusals to escalate, by reason.
    pub exclusions: BTreeMap<String, u64>,
    pub remedies: RemedyFigures,
    /// The Ombudsman's findings and orders (Code 9.7c): referrals, determinations by kind, and
    /// compliance with orders and recommendations.
    pub ombudsman: OmbudsmanSummary,
    /// Learning from complaints (Code 9.1–9.3): identified and implemented in the period.
    pub learning: LearningFigures,
    pub now: OpenFigures,
}

/// The headline timeliness figures, by the names targets and the sector's figures use.
pub const HEADLINE: [&str; 4] = [
    "stage1_acknowledged_in_time",
    "stage1_responded_in_time",
    "stage2_acknowledged_in_time",
    "stage2_responded_in_time",
];

impl Figures {
    /// One of the `HEADLINE` figures by its name.
    pub fn headline(&self, name: &str) -> Option<Rate> {
        match name {
            "stage1_acknowledged_in_time" => Some(self.stage1.acknowledged_in_time),
            "stage1_responded_in_time" => Some(self.stage1.responded_in_time),
            "stage2_acknowledged_in_time" => Some(self.stage2.acknowledged_in_time),
            "stage2_responded_in_time" => Some(self.stage2.responded_in_time),
            _ => None,
        }
    }
}

/// A figure whose complaints can be listed (the dashboards' drill-down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    Stage1Received,
    Stage2Received,
    Stage1AcknowledgedLate,
    Stage2AcknowledgedLate,
    Stage1RespondedLate,
    Stage2RespondedLate,
    Stage1Responded,
    Stage2Responded,
    Excluded,
    Open,
    Overdue,
}

impl Figure {
    pub const ALL: [Figure; 11] = [
        Figure::Stage1Received,
        Figure::Stage2Received,
        Figure::Stage1AcknowledgedLate,
        Figure::Stage2AcknowledgedLate,
        Figure::Stage1RespondedLate,
        Figure::Stage2RespondedLate,
        Figure::Stage1Responded,
        Figure::Stage2Responded,
        Figure::Excluded,
        Figure::Open,
        Figure::Overdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Figure::Stage1Received => "stage1_received",
            Figure::Stage2Received => "stage2_received",
            Figure::Stage1AcknowledgedLate => "stage1_acknowledged_late",
            Figure::Stage2AcknowledgedLate => "stage2_acknowledged_late",
            Figure::Stage1RespondedLate => "stage1_responded_late",
            Figure::Stage2RespondedLate => "stage2_responded_late",
            Figure::Stage1Responded => "stage1_responded",
            Figure::Stage2Responded => "stage2_responded",
            Figure::Excluded => "excluded",
            Figure::Open => "open",
            Figure::Overdue => "overdue",
        }
    }

    pub fn parse(s: &str) -> Option<Figure> {
        Figure::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One month's figures, for the trends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Month {
    /// `YYYY-MM`.
    pub month: String,
    pub stage1_received: u64,
    pub stage2_received: u64,
    pub stage1_acknowledged: u64,
    pub stage1_acknowledged_in_time: u64,
    pub stage1_responded: u64,
    pub stage1_responded_in_time: u64,
    pub stage2_responded: u64,
    pub stage2_responded_in_time: u64,
    pub excluded: u64,
}

/// A contractor's stage 1 handling (Code 5.4, 5.5).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ContractorFigures {
    pub contractor_id: Uuid,
    pub name: String,
    pub responded_in_time: Rate,
    pub open: u64,
    pub overdue: u64,
}

/// Everything the dashboards show: the period's figures, the months within it and the
/// contractors' stage 1 handling.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Dashboard {
    pub figures: Figures,
    pub monthly: Vec<Month>,
    pub contractors: Vec<ContractorFigures>,
}

/// The months from `from` to `to`, as `YYYY-MM`.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut d = from.with_day(1).unwrap_or(from);
    while d <= to {
        out.push(d.format("%Y-%m").to_string());
        match d.checked_add_months(chrono::Months::new(1)) {
            Some(next) => d = next,
            None => break,
        }
    }
    out
}

/// The landlord's figures for `from`–`to` inclusive, with what is open as of `today`.
pub async fn figures<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Figures> {
    Ok(dashboard(db, scope, calendar, from, to, today)
        .await?
        .figures)
}

/// One stage's headline figures: how many received, and the shares acknowledged and
/// responded to in time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct HeadlineStage {
    pub received: u64,
    pub acknowledged_in_time: Rate,
    pub responded_in_time: Rate,
}

/// The headline figures of a period, to set beside another's (counted as in [`Figures`]).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Headline {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub stage1: HeadlineStage,
    pub stage2: HeadlineStage,
}

/// The headline figures for `from`–`to` inclusive, from the roll-up: only the measures they
/// need are read.
pub async fn headline<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Headline> {
    use redress_domain::figures::{STAGE1, STAGE2};
    rollup::ensure(db, scope, calendar).await?;
    let measures: Vec<&str> = [STAGE1, STAGE2]
        .iter()
        .flat_map(|m| {
            [
                m.received,
                m.acknowledged,
                m.acknowledged_in_time,
                m.responded,
                m.responded_in_time,
            ]
        })
        .collect();
    let totals = rollup::totals(db, scope, from, to, &measures).await?;
    let n = |m: &str| u64::try_from(totals.get(m).copied().unwrap_or(0)).unwrap_or(0);
    let stage = |m: redress_domain::figures::StageMeasures| HeadlineStage {
        received: n(m.received),
        acknowledged_in_time: Rate::new(n(m.acknowledged_in_time), n(m.acknowledged)),
        responded_in_time: Rate::new(n(m.responded_in_time), n(m.responded)),
    };
    Ok(Headline {
        from,
        to,
        stage1: stage(STAGE1),
        stage2: stage(STAGE2),
    })
}

/// The dashboard for `from`–`to` inclusive, with what is open as of `today`, added up from
/// the performance roll-up (`crate::rollup`).
pub async fn dashboard<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Dashboard> {
    Ok(from_rollup(db, scope, calendar, from, to, today).await?.0)
}

/// The same dashboard counted from the records themselves, complaint by complaint: the
/// reference the roll-up is tested against.
pub async fn dashboard_from_records(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Dashboard> {
    Ok(compute(conn, scope, calendar, from, to, today, None)
        .await?
        .0)
}

/// The complaints behind one figure, by the day each was received (then by id), with that
/// day: counted by exactly the rules that count the figure, so the list and the number always
/// agree.
pub async fn cases(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    figure: Figure,
) -> Result<Vec<(NaiveDate, Uuid)>> {
    let mut ids = compute(conn, scope, calendar, from, to, today, Some(figure))
        .await?
        .1;
    ids.sort();
    ids.dedup();
    let mut received: Vec<(NaiveDate, Uuid)> = Vec::with_capacity(ids.len());
    for batch in ids.chunks(500) {
        let rows: Vec<(Uuid, NaiveDate)> = tenant::find::<complaint::Entity>(scope)
            .select_only()
            .column(complaint::Column::Id)
            .column(complaint::Column::ReceivedOn)
            .filter(complaint::Column::Id.is_in(batch.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        received.extend(rows.into_iter().map(|(id, on)| (on, id)));
    }
    received.sort();
    Ok(received)
}

/// The day a complaint of the landlord was received; none for no such complaint.
pub async fn received_on(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    id: Uuid,
) -> Result<Option<NaiveDate>> {
    Ok(tenant::find::<complaint::Entity>(scope)
        .select_only()
        .column(complaint::Column::ReceivedOn)
        .filter(complaint::Column::Id.eq(id))
        .into_tuple()
        .one(conn)
        .await?)
}

/// The counts behind CH01 and CH02.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct TsmCounts {
    pub stage1_received: u64,
    pub stage2_received: u64,
    pub stage1_responded: u64,
    pub stage1_responded_in_time: u64,
    pub stage2_responded: u64,
    pub stage2_responded_in_time: u64,
}

/// The Regulator of Social Housing's complaints measures for one financial year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Tsm {
    /// The financial year by the calendar year it starts in (2024 = 1 April 2024 to
    /// 31 March 2025).
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Which rules the figures follow (see docs/METRICS.md).
    pub rules: String,
    pub homes_low_cost_rental: u32,
    pub homes_low_cost_home_ownership: u32,
    /// CH01: stage 1 complaints received per 1,000 homes, to two decimal places.
    pub ch01_stage1_per_1000: Option<f64>,
    /// CH01: stage 2 complaints received per 1,000 homes.
    pub ch01_stage2_per_1000: Option<f64>,
    /// CH02: stage 1 complaints responded to within the Code's timescales, as a percentage
    /// of stage 1 complaints responded to, to one decimal place.
    pub ch02_stage1_pct: Option<f64>,
    /// CH02: the same for stage 2.
    pub ch02_stage2_pct: Option<f64>,
    pub counts: TsmCounts,
    /// Where the landlord has both low-cost rental and low-cost home ownership homes, CH01
    /// and CH02 for each tenure (complaints whose tenure is not recorded are in
    /// `not_recorded`, without a rate per 1,000 homes); otherwise empty.
    pub by_tenure: Vec<TenureMeasures>,
    /// Whether the year has ended: until it has, the figures are the year to date.
    pub complete: bool,
}

/// CH01 and CH02 for one tenure.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TenureMeasures {
    /// `low_cost_rental`, `low_cost_home_ownership` or `not_recorded`.
    pub tenure: String,
    pub homes: Option<u32>,
    pub ch01_stage1_per_1000: Option<f64>,
    pub ch01_stage2_per_1000: Option<f64>,
    pub ch02_stage1_pct: Option<f64>,
    pub ch02_stage2_pct: Option<f64>,
    pub counts: TsmCounts,
}

fn tenure_measures(tenure: &str, homes: Option<u32>, c: TsmCounts) -> TenureMeasures {
    let per = |n: u64| homes.and_then(|h| per_1000_homes(n, h));
    TenureMeasures {
        tenure: tenure.to_owned(),
        homes,
        ch01_stage1_per_1000: per(c.stage1_received),
        ch01_stage2_per_1000: per(c.stage2_received),
        ch02_stage1_pct: percentage(c.stage1_responded_in_time, c.stage1_responded),
        ch02_stage2_pct: percentage(c.stage2_responded_in_time, c.stage2_responded),
        counts: c,
    }
}

/// TSM CH01 and CH02 for financial year `year`, added up from the performance roll-up by the
/// same rules as the dashboard.
pub async fn tsm<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    year: i32,
    today: NaiveDate,
) -> Result<Tsm> {
    let (from, to) = financial_year(year)
        .ok_or_else(|| crate::StoreError::Conflict(format!("{year} is not a year")))?;
    rollup::ensure(db, scope, calendar).await?;
    let landlord = landlords::get(db, scope).await?;
    let t = Totals::from_sums(
        rollup::sums(db, scope, from, to).await?,
        from,
        to,
        &landlord,
    );
    Ok(tsm_of(
        year, today, &landlord, &t.stage1, &t.stage2, &t.tenures,
    ))
}

/// [`tsm`] counted from the records themselves (the reference for the roll-up's tests).
pub async fn tsm_from_records(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    year: i32,
    today: NaiveDate,
) -> Result<Tsm> {
    let (from, to) = financial_year(year)
        .ok_or_else(|| crate::StoreError::Conflict(format!("{year} is not a year")))?;
    let (dashboard, _, tenures) = compute(conn, scope, calendar, from, to, today, None).await?;
    let f = dashboard.figures;
    let landlord = landlords::get(conn, scope).await?;
    Ok(tsm_of(
        year, today, &landlord, &f.stage1, &f.stage2, &tenures,
    ))
}

fn tsm_of(
    year: i32,
    today: NaiveDate,
    landlord: &Landlord,
    stage1: &StageFigures,
    stage2: &StageFigures,
    tenures: &ByTenure,
) -> Tsm {
    let (from, to) = financial_year(year).unwrap_or((today, today));
    let by_tenure =
        if landlord.homes_low_cost_rental > 0 && landlord.homes_low_cost_home_ownership > 0 {
            let get = |k: Option<&str>| {
                tenures
                    .get(&k.map(str::to_owned))
                    .copied()
                    .unwrap_or_default()
            };
            vec![
                tenure_measures(
                    "low_cost_rental",
                    Some(landlord.homes_low_cost_rental),
                    get(Some("low_cost_rental")),
                ),
                tenure_measures(
                    "low_cost_home_ownership",
                    Some(landlord.homes_low_cost_home_ownership),
                    get(Some("low_cost_home_ownership")),
                ),
                tenure_measures("not_recorded", None, get(None)),
            ]
        } else {
            Vec::new()
        };
    Tsm {
        year,
        from,
        to,
        rules: TSM_RULES.to_owned(),
        homes_low_cost_rental: landlord.homes_low_cost_rental,
        homes_low_cost_home_ownership: landlord.homes_low_cost_home_ownership,
        ch01_stage1_per_1000: stage1.received_per_1000_homes,
        ch01_stage2_per_1000: stage2.received_per_1000_homes,
        ch02_stage1_pct: stage1.responded_in_time.pct,
        ch02_stage2_pct: stage2.responded_in_time.pct,
        counts: TsmCounts {
            stage1_received: stage1.received,
            stage2_received: stage2.received,
            stage1_responded: stage1.responded_in_time.of,
            stage1_responded_in_time: stage1.responded_in_time.count,
            stage2_responded: stage2.responded_in_time.of,
            stage2_responded_in_time: stage2.responded_in_time.count,
        },
        by_tenure,
        complete: today > to,
    }
}

/// A complaint as a drill-down lists it: no resident data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CaseSummary {
    pub id: Uuid,
    pub reference: String,
    pub status: String,
    pub current_stage: i32,
    pub received_on: NaiveDate,
    pub category: String,
    /// For a figure of lateness (acknowledged late, responded late, responses, overdue
    /// today): how many working days after its deadline the step was taken, or (overdue) how
    /// many have passed today; none when it was in time or the figure is not about lateness.
    pub days_late: Option<i64>,
    /// Who held the stage the figure is about (for open and overdue, the current stage): its
    /// handler, or the contractor organisation at stage 1; none when nobody was allocated.
    pub held_by: Option<String>,
}

/// The stage a figure is about, and whether it counts the acknowledgement's lateness, the
/// response's, or (`None`) the running clock's today; `None` for figures not about a stage.
fn figure_stage(figure: Figure) -> Option<(Option<Stage>, Option<bool>)> {
    match figure {
        Figure::Stage1Received => Some((Some(Stage::One), None)),
        Figure::Stage2Received => Some((Some(Stage::Two), None)),
        Figure::Stage1AcknowledgedLate => Some((Some(Stage::One), Some(true))),
        Figure::Stage2AcknowledgedLate => Some((Some(Stage::Two), Some(true))),
        Figure::Stage1RespondedLate | Figure::Stage1Responded => {
            Some((Some(Stage::One), Some(false)))
        }
        Figure::Stage2RespondedLate | Figure::Stage2Responded => {
            Some((Some(Stage::Two), Some(false)))
        }
        Figure::Open | Figure::Overdue => Some((None, None)),
        Figure::Excluded => None,
    }
}

/// How late a stage's step was, in working days after its deadline (Code 6.2, 6.3, 6.11,
/// 6.14, extensions included); `ack` picks the acknowledgement, else the response; `None`
/// for the running clock as of `today`. None when in time or not yet due.
fn days_late(
    calendar: &WorkingCalendar,
    timescales: &Timescales,
    stage: &StageState,
    ack: Option<bool>,
    today: NaiveDate,
) -> Option<i64> {
    let d = stage_deadlines(calendar, timescales, stage, today);
    let late = |due: Option<NaiveDate>, on: Option<NaiveDate>| {
        let (due, on) = (due?, on?);
        Some(calendar.working_days_between(due, on)).filter(|n| *n > 0)
    };
    match ack {
        Some(true) => late(Some(d.ack_due), stage.acknowledged_on),
        Some(false) => late(d.response_due, stage.responded_on),
        None => late(d.running_due, Some(today)),
    }
}

/// The complaints with these ids, in the order given, each with how late the step the
/// figure counts was and who held the stage then (`today` for the running clock).
pub async fn case_summaries(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    figure: Figure,
    today: NaiveDate,
    ids: &[Uuid],
) -> Result<Vec<CaseSummary>> {
    let mut summaries = summaries_of(conn, scope, ids).await?;
    let Some((stage, ack)) = figure_stage(figure) else {
        return Ok(summaries);
    };
    if ids.is_empty() {
        return Ok(summaries);
    }
    let schemes: HashMap<Uuid, Timescales> = landlords::schemes(conn, scope)
        .await?
        .into_iter()
        .map(|s| (s.id, s.timescales))
        .collect();
    let marks = vec!["?"; ids.len()].join(", ");
    let sql = format!(
        "SELECT s.complaint_id, s.stage, s.requested_on, s.acknowledged_on, \
           s.extension_working_days, s.responded_on, s.contractor_id, c.scheme_id, \
           (SELECT u.name FROM users u WHERE u.id = s.handler_id) AS handler_name, \
           (SELECT k.name FROM contractors k WHERE k.id = s.contractor_id \
              AND k.landlord_id = s.landlord_id) AS contractor_name \
         FROM complaint_stages s JOIN complaints c ON c.id = s.complaint_id \
           AND c.landlord_id = s.landlord_id \
         WHERE s.landlord_id = ? AND s.complaint_id IN ({marks})"
    );
    let values: Vec<sea_orm::Value> = std::iter::once(scope.landlord_id().into())
        .chain(ids.iter().map(|id| (*id).into()))
        .collect();
    // By complaint: the stage the figure is about (the latest for the running clock).
    let mut found: HashMap<Uuid, (i32, StageState, Uuid, Option<String>)> = HashMap::new();
    for r in conn
        .query_all_raw(statement(conn.get_database_backend(), &sql, values))
        .await?
    {
        let number: i32 = r.try_get("", "stage")?;
        let Some(this) = Stage::from_number(number) else {
            return Err(corrupt("complaint_stages.stage", number));
        };
        let id: Uuid = r.try_get("", "complaint_id")?;
        let wanted = match stage {
            Some(s) => s == this,
            None => found.get(&id).is_none_or(|(held, ..)| *held < number),
        };
        if !wanted {
            continue;
        }
        let held_by = r
            .try_get::<Option<String>>("", "handler_name")?
            .or(r.try_get::<Option<String>>("", "contractor_name")?);
        let state = StageState {
            stage: this,
            requested_on: r.try_get("", "requested_on")?,
            acknowledged_on: r.try_get("", "acknowledged_on")?,
            extension_working_days: non_negative(r.try_get("", "extension_working_days")?),
            responded_on: r.try_get("", "responded_on")?,
            handler_id: None,
            contractor_id: r.try_get("", "contractor_id")?,
            responded_by: None,
        };
        found.insert(id, (number, state, r.try_get("", "scheme_id")?, held_by));
    }
    for summary in &mut summaries {
        if let Some((_, state, scheme, held_by)) = found.remove(&summary.id) {
            let timescales = schemes.get(&scheme).copied().unwrap_or(Timescales::CODE);
            summary.days_late = (figure != Figure::Stage1Received
                && figure != Figure::Stage2Received)
                .then(|| days_late(calendar, &timescales, &state, ack, today))
                .flatten();
            summary.held_by = held_by;
        }
    }
    Ok(summaries)
}

/// The complaints with these ids as a drill-down lists them, in the order given.
async fn summaries_of(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    ids: &[Uuid],
) -> Result<Vec<CaseSummary>> {
    let rows: Vec<(Uuid, String, String, i32, NaiveDate, String)> =
        tenant::find::<complaint::Entity>(scope)
            .select_only()
            .column(complaint::Column::Id)
            .column(complaint::Column::Reference)
            .column(complaint::Column::Status)
            .column(complaint::Column::CurrentStage)
            .column(complaint::Column::ReceivedOn)
            .column(complaint::Column::Category)
            .filter(complaint::Column::Id.is_in(ids.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
    let mut by_id: HashMap<Uuid, CaseSummary> = rows
        .into_iter()
        .map(
            |(id, reference, status, current_stage, received_on, category)| {
                (
                    id,
                    CaseSummary {
                        id,
                        reference,
                        status,
                        current_stage,
                        received_on,
                        category,
                        days_late: None,
                        held_by: None,
                    },
                )
            },
        )
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lateness_is_counted_in_working_days_after_the_deadline() {
        #![allow(clippy::unwrap_used)]
        let calendar = WorkingCalendar::new(
            &redress_domain::calendar::BankHolidays::england_and_wales().unwrap(),
            [],
        );
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Received Thursday 1 May 2025: acknowledge by Thursday 8 May (5 working days),
        // acknowledged Monday 12 May (2 late); respond by 10 working days after.
        let stage = StageState {
            stage: Stage::One,
            requested_on: d("2025-05-01"),
            acknowledged_on: Some(d("2025-05-12")),
            extension_working_days: 0,
            responded_on: None,
            handler_id: None,
            contractor_id: None,
            responded_by: None,
        };
        let t = Timescales::CODE;
        let ack_due = stage_deadlines(&calendar, &t, &stage, d("2025-05-12")).ack_due;
        assert_eq!(
            days_late(&calendar, &t, &stage, Some(true), d("2025-06-30")),
            Some(calendar.working_days_between(ack_due, d("2025-05-12")))
        );
        assert!(
            days_late(&calendar, &t, &stage, Some(true), d("2025-06-30")).is_some_and(|n| n > 0)
        );
        // Not yet responded: no response lateness, but the running clock is overdue by June.
        assert_eq!(
            days_late(&calendar, &t, &stage, Some(false), d("2025-06-30")),
            None
        );
        assert!(days_late(&calendar, &t, &stage, None, d("2025-06-30")).is_some_and(|n| n > 0));
        // On time: none.
        let on_time = StageState {
            acknowledged_on: Some(d("2025-05-02")),
            ..stage
        };
        assert_eq!(
            days_late(&calendar, &t, &on_time, Some(true), d("2025-05-02")),
            None
        );
        assert_eq!(
            days_late(&calendar, &t, &on_time, None, d("2025-05-02")),
            None
        );
    }

    #[test]
    fn rates_round_to_one_place_and_have_no_percentage_of_nothing() {
        assert_eq!(Rate::new(412, 415).pct, Some(99.3));
        assert_eq!(Rate::new(0, 0).pct, None);
        assert_eq!(Rate::new(1, 3).pct, Some(33.3));
    }
}
