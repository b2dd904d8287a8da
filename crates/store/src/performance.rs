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
//! * open and overdue: as they stand on `today`.

use crate::complaints::StageRecord;
use crate::entities::{complaint, complaint_event, complaint_stage, remedy};
use crate::landlords::{self, Scheme};
use crate::ombudsman::{OmbudsmanSummary, ombudsman_summary};
use crate::reminders::open_stages;
use crate::{Result, TenantScope};
use chrono::NaiveDate;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::{Stage, stage_deadlines};
use redress_domain::timescales::Timescales;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// A part of a whole, with the percentage when there is a whole.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Rate {
    pub count: u64,
    pub of: u64,
    /// `count / of` as a percentage to one decimal place; none when `of` is 0.
    pub pct: Option<f64>,
}

impl Rate {
    pub fn new(count: u64, of: u64) -> Self {
        let pct = (of > 0).then(|| {
            // Counts are far below 2^52, so the conversion is exact.
            #[allow(clippy::cast_precision_loss)]
            let p = count as f64 * 100.0 / of as f64;
            (p * 10.0).round() / 10.0
        });
        Rate { count, of, pct }
    }
}

/// One stage's figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RemedyFigures {
    pub offered: u64,
    pub completed: u64,
    pub financial_offered_pence: i64,
    pub financial_paid_pence: i64,
}

/// What is open on `today`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpenFigures {
    pub open: u64,
    pub overdue: u64,
    pub stage1_open: u64,
    pub stage2_open: u64,
    /// Open complaints by age in working days since the stage began: `0-5`, `6-10`,
    /// `11-20`, `21-40`, `over 40`.
    pub ageing: BTreeMap<String, u64>,
}

/// The figures for a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub homes: u32,
    pub stage1: StageFigures,
    pub stage2: StageFigures,
    /// Stage 2 requests per stage 1 response.
    pub escalation_rate: Rate,
    /// Complaints received by category, most first.
    pub categories: Vec<(String, u64)>,
    /// Decisions not to accept and refusals to escalate, by reason.
    pub exclusions: BTreeMap<String, u64>,
    pub remedies: RemedyFigures,
    pub ombudsman: OmbudsmanSummary,
    pub now: OpenFigures,
}

fn per_1000(count: u64, homes: u32) -> Option<f64> {
    (homes > 0).then(|| {
        #[allow(clippy::cast_precision_loss)]
        let v = count as f64 * 1000.0 / f64::from(homes);
        (v * 100.0).round() / 100.0
    })
}

fn age_band(days: i64) -> &'static str {
    match days {
        i64::MIN..=5 => "0-5",
        6..=10 => "6-10",
        11..=20 => "11-20",
        21..=40 => "21-40",
        _ => "over 40",
    }
}

/// The landlord's figures for `from`–`to` inclusive, with what is open as of `today`.
#[tracing::instrument(skip(conn, calendar), fields(landlord = %scope.landlord_id()))]
pub async fn figures(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    calendar: &WorkingCalendar,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Figures> {
    let landlord = landlords::get(conn, scope).await?;
    let homes = landlord.homes();
    let schemes: HashMap<Uuid, Scheme> = landlords::schemes(conn, scope)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let timescales = |scheme_id: &Uuid| {
        schemes
            .get(scheme_id)
            .map_or(Timescales::CODE, |s| s.timescales)
    };

    // Stage 1 received, by category.
    let received: Vec<(Uuid, String)> = complaint::Entity::find()
        .select_only()
        .column(complaint::Column::Id)
        .column(complaint::Column::Category)
        .filter(complaint::Column::LandlordId.eq(scope.landlord_id()))
        .filter(complaint::Column::ReceivedOn.between(from, to))
        .into_tuple()
        .all(conn)
        .await?;
    let mut categories: HashMap<String, u64> = HashMap::new();
    for (_, c) in &received {
        *categories.entry(c.clone()).or_default() += 1;
    }
    let mut categories: Vec<(String, u64)> = categories.into_iter().collect();
    categories.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    // Every stage with something happening in the period.
    let stages = complaint_stage::Entity::find()
        .filter(complaint_stage::Column::LandlordId.eq(scope.landlord_id()))
        .filter(
            Condition::any()
                .add(complaint_stage::Column::RequestedOn.between(from, to))
                .add(complaint_stage::Column::AcknowledgedOn.between(from, to))
                .add(complaint_stage::Column::RespondedOn.between(from, to)),
        )
        .all(conn)
        .await?;
    let mut ids: Vec<Uuid> = stages.iter().map(|s| s.complaint_id).collect();
    ids.sort();
    ids.dedup();
    let mut scheme_of: HashMap<Uuid, Uuid> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, Uuid)> = complaint::Entity::find()
            .select_only()
            .column(complaint::Column::Id)
            .column(complaint::Column::SchemeId)
            .filter(complaint::Column::LandlordId.eq(scope.landlord_id()))
            .filter(complaint::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await?;
        scheme_of.extend(rows);
    }
    let mut stage1 = StageFigures {
        received: u64::try_from(received.len()).unwrap_or(u64::MAX),
        ..StageFigures::default()
    };
    let mut stage2 = StageFigures::default();
    let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d >= from && d <= to);
    let mut responded: HashSet<(Uuid, i32)> = HashSet::new();
    for m in stages {
        let complaint_id = m.complaint_id;
        let record = StageRecord::try_from(m)?;
        let s = &record.state;
        let t = scheme_of
            .get(&complaint_id)
            .map_or(Timescales::CODE, timescales);
        let d = stage_deadlines(calendar, &t, s, today);
        let f = match s.stage {
            Stage::One => &mut stage1,
            Stage::Two => &mut stage2,
        };
        if s.stage == Stage::Two && in_period(Some(s.requested_on)) {
            f.received += 1;
        }
        if in_period(s.acknowledged_on) {
            f.acknowledged_in_time.of += 1;
            if d.acknowledged_in_time == Some(true) {
                f.acknowledged_in_time.count += 1;
            }
        }
        if in_period(s.responded_on) {
            responded.insert((complaint_id, s.stage.number()));
            f.responded_in_time.of += 1;
            if d.responded_in_time == Some(true) {
                f.responded_in_time.count += 1;
            }
            if s.extension_working_days > 0 {
                f.extended += 1;
            }
            if let Some(decision) = record.decision {
                *f.outcomes.entry(decision.as_str().to_owned()).or_default() += 1;
            }
        }
    }
    for f in [&mut stage1, &mut stage2] {
        f.received_per_1000_homes = per_1000(f.received, homes);
        f.acknowledged_in_time = Rate::new(f.acknowledged_in_time.count, f.acknowledged_in_time.of);
        f.responded_in_time = Rate::new(f.responded_in_time.count, f.responded_in_time.of);
    }
    let escalation_rate = Rate::new(stage2.received, stage1.responded_in_time.of);

    // Exclusions by reason.
    let events: Vec<String> = complaint_event::Entity::find()
        .select_only()
        .column(complaint_event::Column::Data)
        .filter(complaint_event::Column::LandlordId.eq(scope.landlord_id()))
        .filter(complaint_event::Column::Kind.is_in(["not_accepted", "escalation_refused"]))
        .filter(complaint_event::Column::EffectiveOn.between(from, to))
        .into_tuple()
        .all(conn)
        .await?;
    let mut exclusions = BTreeMap::new();
    for data in events {
        let reason = serde_json::from_str::<serde_json::Value>(&data)
            .ok()
            .and_then(|v| v.get("reason").and_then(|r| r.as_str()).map(str::to_owned))
            .unwrap_or_else(|| "other".to_owned());
        *exclusions.entry(reason).or_default() += 1;
    }

    // Remedies offered in the period's responses.
    let mut remedies = RemedyFigures::default();
    let responded_ids: Vec<Uuid> = responded.iter().map(|(id, _)| *id).collect();
    for chunk in responded_ids.chunks(500) {
        for r in remedy::Entity::find()
            .filter(remedy::Column::LandlordId.eq(scope.landlord_id()))
            .filter(remedy::Column::ComplaintId.is_in(chunk.to_vec()))
            .all(conn)
            .await?
        {
            if !responded.contains(&(r.complaint_id, r.stage)) {
                continue;
            }
            remedies.offered += 1;
            let done = r.status == "completed";
            if done {
                remedies.completed += 1;
            }
            if let Some(p) = r.amount_pence {
                remedies.financial_offered_pence += p;
                if done {
                    remedies.financial_paid_pence += p;
                }
            }
        }
    }

    // What is open now.
    let mut now = OpenFigures::default();
    for o in open_stages(conn, scope).await? {
        let t = timescales(&o.case.scheme_id);
        let d = stage_deadlines(calendar, &t, &o.state, today);
        now.open += 1;
        match o.case.stage {
            Stage::One => now.stage1_open += 1,
            Stage::Two => now.stage2_open += 1,
        }
        if d.overdue {
            now.overdue += 1;
        }
        let age = calendar.working_days_between(o.state.requested_on, today);
        *now.ageing.entry(age_band(age).to_owned()).or_default() += 1;
    }

    Ok(Figures {
        from,
        to,
        homes,
        stage1,
        stage2,
        escalation_rate,
        categories,
        exclusions,
        remedies,
        ombudsman: ombudsman_summary(conn, scope, from, to).await?,
        now,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_round_to_one_place_and_have_no_percentage_of_nothing() {
        assert_eq!(Rate::new(412, 415).pct, Some(99.3));
        assert_eq!(Rate::new(0, 0).pct, None);
        assert_eq!(Rate::new(1, 3).pct, Some(33.3));
    }

    #[test]
    fn per_thousand_homes() {
        assert_eq!(per_1000(25, 10_000), Some(2.5));
        assert_eq!(per_1000(5, 0), None);
    }
}
