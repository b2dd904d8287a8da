//! Synthetic complaints for the demo and for benchmarks. Every case is taken through the same
//! domain rules and store functions the API uses (no raw inserts), so the data keeps every
//! rule: deadlines from the calendar, stage 2 never by the stage 1 handler, effective dates in
//! order. The shape follows what landlords publish: about 35 stage 1 complaints per 1,000
//! homes a year, 10–20% escalated, about 15% extended, most responses on time, outcomes about
//! half upheld, repairs the largest category.

mod many;
mod vocabulary;

pub use many::{generate_landlords, ombudsman_requests, residents_needs};
use vocabulary::{CHANNELS, FIRST, LAST, pick, pick_category};

use anyhow::Context;
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use redress_domain::calendar::{BankHolidays, WorkingCalendar};
use redress_domain::complaint::{
    self as rules, Allocation, Decision, ExclusionReason, RemedyKind, RemedyStatus, Stage,
    StageState, Status, Tenure, stage_deadlines,
};
use redress_domain::remedy_guidance::{Failing, RemedyPart};
use redress_domain::timescales::Timescales;
use redress_store::complaints::{
    self, Case, CaseChange, NewAction, NewComplaint, NewEvent, NewRemedy, RemedyChange, StageRecord,
};
use redress_store::residents::{self, NewResident};
use redress_store::{
    DatabaseConnection, DatabaseTransaction, TenantScope, TransactionTrait, landlords,
};
use serde_json::json;
use uuid::Uuid;

/// Who works on a landlord's synthetic cases.
#[derive(Debug, Clone)]
pub struct Staff {
    pub officer: Uuid,
    pub handlers: Vec<Uuid>,
    /// A contractor organisation handling some of stage 1, and one of its users.
    pub contractor: Option<(Uuid, Uuid)>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub complaints: usize,
    pub not_accepted: usize,
    pub extended: usize,
    pub escalated: usize,
    pub open: usize,
}

struct Generator<'a> {
    rng: StdRng,
    calendar: WorkingCalendar,
    timescales: Timescales,
    scheme_id: Uuid,
    escalation_route: String,
    scope: TenantScope,
    prefix: String,
    staff: &'a Staff,
    today: NaiveDate,
    residents: Vec<Uuid>,
    summary: Summary,
    /// The share of the landlord's homes that are low-cost home ownership, in thousandths.
    ownership_per_mille: u32,
}

impl Generator<'_> {
    fn wd(&self, from: NaiveDate, n: u32) -> NaiveDate {
        self.calendar.due(from, n)
    }

    /// A working day a random number of working days (in `range`) after `from`.
    fn wd_in(&mut self, from: NaiveDate, range: std::ops::RangeInclusive<u32>) -> NaiveDate {
        let n = self.rng.random_range(range);
        self.calendar.due(from, n)
    }

    fn deadlines(&self, s: &StageState) -> redress_domain::complaint::StageDeadlines {
        stage_deadlines(&self.calendar, &self.timescales, s, self.today)
    }

    /// Records one decided action, checked as the API checks it; returns the case as it is now.
    #[allow(clippy::too_many_arguments)]
    async fn apply(
        &self,
        txn: &DatabaseTransaction,
        case: Case,
        last: &mut NaiveDate,
        on: NaiveDate,
        actor: Uuid,
        change: CaseChange,
        kind: &'static str,
        stage: Stage,
        data: serde_json::Value,
    ) -> anyhow::Result<Case> {
        rules::check_effective_date(Some(&case.state(*last)), on, self.today)
            .map_err(|r| anyhow::anyhow!("synthetic date refused: {r:?}"))?;
        *last = on;
        Ok(complaints::apply(
            txn,
            self.scope,
            &self.calendar,
            case.complaint.id,
            case.complaint.status,
            change,
            NewEvent {
                kind,
                stage: Some(stage),
                effective_on: on,
                actor: Some(actor),
                data,
            },
        )
        .await?)
    }

    async fn resident(&mut self, txn: &DatabaseTransaction) -> anyhow::Result<Uuid> {
        if !self.residents.is_empty() && self.rng.random_bool(0.25) {
            let i = self.rng.random_range(0..self.residents.len());
            return Ok(self.residents[i]);
        }
        let first = FIRST[self.rng.random_range(0..FIRST.len())];
        let last = LAST[self.rng.random_range(0..LAST.len())];
        let n: u32 = self.rng.random_range(1..400);
        let r = residents::insert(
            txn,
            self.scope,
            NewResident {
                name: format!("{first} {last}"),
                email: self.rng.random_bool(0.7).then(|| {
                    format!(
                        "{}.{}{n}@example.org",
                        first.to_lowercase(),
                        last.to_lowercase()
                    )
                }),
                phone: self
                    .rng
                    .random_bool(0.6)
                    .then(|| format!("07700 900{:03}", n % 1000)),
                address: Some(format!("{n} Example Road")),
                property_ref: Some(format!("PR-{:05}", self.rng.random_range(1..99_999))),
                preferred_contact: Some(
                    ["email", "phone", "letter"][self.rng.random_range(0..3)].to_owned(),
                ),
                preferred_format: self.rng.random_bool(0.05).then(|| "large print".to_owned()),
                language: self.rng.random_bool(0.08).then(|| "Polish".to_owned()),
            },
        )
        .await?;
        self.residents.push(r.id);
        Ok(r.id)
    }

    /// One complaint received on `received_on`, taken as far as the days up to today allow.
    async fn complaint(
        &mut self,
        txn: &DatabaseTransaction,
        received_on: NaiveDate,
    ) -> anyhow::Result<()> {
        let resident_id = self.resident(txn).await?;
        let (category, _, texts) = pick_category(&mut self.rng);
        let description = texts[self.rng.random_range(0..texts.len())].to_owned();
        let channel = *pick(&mut self.rng, &CHANNELS);
        let ack_due = self
            .deadlines(&StageState::new(Stage::One, received_on))
            .ack_due;
        let t = self.timescales;
        let officer = self.staff.officer;
        let mut case = complaints::insert(
            txn,
            self.scope,
            &self.calendar,
            &self.prefix,
            NewComplaint {
                scheme_id: self.scheme_id,
                resident_id,
                channel,
                received_on,
                description,
                issue_date: Some(received_on - Duration::days(self.rng.random_range(1..90))),
                category: category.to_owned(),
                service_area: Some("Housing".to_owned()),
                outcomes_sought: Some("Put it right and tell me what will happen next.".to_owned()),
                service_request_id: None,
                representative: None,
                tenure: Some(
                    if self.rng.random_range(0..1000) < self.ownership_per_mille {
                        Tenure::LowCostHomeOwnership
                    } else {
                        Tenure::LowCostRental
                    },
                ),
                flags: vec![],
                related_complaint_id: None,
                ack_due,
                created_by: Some(officer),
                tracking_token_hash: None,
            },
            vec![NewEvent {
                kind: "received",
                stage: Some(Stage::One),
                effective_on: received_on,
                actor: Some(officer),
                data: json!({"channel": channel.as_str(), "ack_due": ack_due}),
            }],
        )
        .await?;
        self.summary.complaints += 1;
        let mut last = received_on;
        let today = self.today;

        // About 1 in 20 is not accepted (Code 2.1-2.5).
        if self.rng.random_bool(0.05) {
            let on = self.wd_in(received_on, 1..=4);
            if on <= today {
                let reason = [
                    ExclusionReason::OutsideTimeLimit,
                    ExclusionReason::OtherProcess,
                    ExclusionReason::NotAboutLandlord,
                    ExclusionReason::PreviouslyConsidered,
                ][self.rng.random_range(0..4)];
                rules::not_accept(&case.state(last)).map_err(|r| anyhow::anyhow!("{r:?}"))?;
                self.apply(txn, case, &mut last, on, officer, CaseChange {
                    status: Some(Status::NotAccepted), current_due_on: Some(None), closed_on: Some(on), ..CaseChange::default()
                }, "not_accepted", Stage::One, json!({"reason": reason.as_str(), "explanation": "Explained to the resident in writing.", "discretion_considered": true})).await?;
                self.summary.not_accepted += 1;
                return Ok(());
            }
        }

        // Allocate stage 1: to a contractor organisation or a handler (Code 5.4).
        let (handler, contractor, worker) = match self.staff.contractor {
            Some((org, user)) if self.rng.random_bool(0.6) => (None, Some(org), user),
            _ => {
                let h = self.staff.handlers[self.rng.random_range(0..self.staff.handlers.len())];
                (Some(h), None, h)
            }
        };
        let to = match (handler, contractor) {
            (Some(h), _) => Allocation::Handler(h),
            (None, Some(c)) => Allocation::Contractor(c),
            _ => Allocation::Handler(officer),
        };
        rules::allocate(&case.state(last), to).map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let mut record = case.stage1.clone();
        record.state.handler_id = handler;
        record.state.contractor_id = contractor;
        case = self
            .apply(
                txn,
                case,
                &mut last,
                received_on,
                officer,
                CaseChange {
                    stage1_handler_id: Some(handler),
                    contractor_id: Some(contractor),
                    stage: Some(record),
                    ..CaseChange::default()
                },
                "allocated",
                Stage::One,
                json!({"handler_id": handler, "contractor_id": contractor}),
            )
            .await?;

        // Acknowledge, define and log (Code 6.2): nearly always in time.
        let ack_on = if self.rng.random_bool(0.95) {
            self.wd_in(received_on, 1..=t.stage1_acknowledge)
        } else {
            self.wd_in(ack_due, 1..=4)
        };
        if ack_on > today {
            self.summary.open += 1;
            return Ok(());
        }
        case = self
            .acknowledge(txn, case, &mut last, ack_on, worker, Stage::One)
            .await?;

        // About 15% are extended (Code 6.4).
        if self.rng.random_bool(0.15) {
            let on = self.wd_in(ack_on, 2..=6);
            if on <= today {
                let days = self.rng.random_range(5..=t.stage1_extension);
                case = self
                    .extend(txn, case, &mut last, on, worker, days, Stage::One)
                    .await?;
            }
        }
        let s1 = self.deadlines(&case.stage1.state);
        let response_due = s1.response_due.unwrap_or(ack_on);
        let responded_on = if self.rng.random_bool(0.85) {
            let span = case.stage1.state.extension_working_days + t.stage1_response;
            self.wd_in(ack_on, 2..=span)
        } else {
            self.wd_in(response_due, 1..=10)
        };
        // A response comes after whatever was done before it (an extension, say).
        let responded_on = responded_on.max(last);
        if responded_on > today {
            self.summary.open += 1;
            return Ok(());
        }
        case = self
            .respond(txn, case, &mut last, responded_on, worker, Stage::One)
            .await?;

        // 10-20% escalate to stage 2 (Code 6.10-6.12).
        if self.rng.random_bool(0.15) {
            let requested = self.wd_in(responded_on, 2..=15);
            if requested <= today {
                return self.stage2(txn, case, &mut last, requested).await;
            }
            return Ok(());
        }
        let close_on = self.wd(responded_on, 20);
        if close_on <= today && self.rng.random_bool(0.8) {
            rules::close(&case.state(last)).map_err(|r| anyhow::anyhow!("{r:?}"))?;
            self.apply(
                txn,
                case,
                &mut last,
                close_on,
                officer,
                CaseChange {
                    status: Some(Status::Closed),
                    current_due_on: Some(None),
                    closed_on: Some(close_on),
                    ..CaseChange::default()
                },
                "closed",
                Stage::One,
                json!({}),
            )
            .await?;
        }
        Ok(())
    }

    async fn acknowledge(
        &mut self,
        txn: &DatabaseTransaction,
        case: Case,
        last: &mut NaiveDate,
        on: NaiveDate,
        actor: Uuid,
        stage: Stage,
    ) -> anyhow::Result<Case> {
        rules::acknowledge(&case.state(*last)).map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let mut record = case
            .stage(stage)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no stage"))?;
        record.state.acknowledged_on = Some(on);
        let due = self.deadlines(&record.state).running_due;
        // Written as an officer writes to the resident: the letter carries it (Code 5.6).
        let definition = format!(
            "You told us: \"{}\" You would like us to put this right and to tell you what will happen next.",
            case.complaint.description
        );
        let responsible_for = vocabulary::responsible_for(&case.complaint.category);
        let complexity = if self.rng.random_bool(0.2) {
            "complex"
        } else {
            "straightforward"
        };
        let risk = ["none", "low", "medium", "high"][self.rng.random_range(0..4)];
        self.apply(
            txn,
            case,
            last,
            on,
            actor,
            CaseChange {
                status: Some(if stage == Stage::One {
                    Status::Stage1Open
                } else {
                    Status::Stage2Open
                }),
                definition: Some(definition),
                responsible_for: Some(responsible_for.to_owned()),
                complexity: Some(complexity.to_owned()),
                risk: Some(risk.to_owned()),
                current_due_on: Some(due),
                stage: Some(record),
                ..CaseChange::default()
            },
            "acknowledged",
            stage,
            json!({"response_due": due}),
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn extend(
        &mut self,
        txn: &DatabaseTransaction,
        case: Case,
        last: &mut NaiveDate,
        on: NaiveDate,
        actor: Uuid,
        days: u32,
        stage: Stage,
    ) -> anyhow::Result<Case> {
        let limit = if stage == Stage::One {
            self.timescales.stage1_extension
        } else {
            self.timescales.stage2_extension
        };
        rules::extend(
            &case.state(*last),
            days,
            limit,
            false,
            "Waiting for a specialist survey",
        )
        .map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let mut record = case
            .stage(stage)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no stage"))?;
        record.state.extension_working_days += days;
        let due = self.deadlines(&record.state).running_due;
        self.summary.extended += 1;
        self.apply(txn, case, last, on, actor, CaseChange {
            current_due_on: Some(due), stage: Some(record), ..CaseChange::default()
        }, "extended", stage, json!({"working_days": days, "reason": "Waiting for a specialist survey", "good_reason": false, "response_due": due})).await
    }

    async fn respond(
        &mut self,
        txn: &DatabaseTransaction,
        case: Case,
        last: &mut NaiveDate,
        on: NaiveDate,
        actor: Uuid,
        stage: Stage,
    ) -> anyhow::Result<Case> {
        let decided =
            rules::respond(&case.state(*last), actor).map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let decision = *pick(
            &mut self.rng,
            &[
                (Decision::Upheld, 50),
                (Decision::PartlyUpheld, 25),
                (Decision::NotUpheld, 25),
            ],
        );
        let mut remedies = Vec::new();
        let mut actions = Vec::new();
        if decision != Decision::NotUpheld {
            remedies.push(NewRemedy {
                kind: RemedyKind::Apology,
                description: "An apology for the failings found".into(),
                amount_pence: None,
                due_on: None,
                owner: None,
                parts: Vec::new(),
            });
            if self.rng.random_bool(0.45) {
                let amount = self.rng.random_range(5..=60) * 1_000;
                // Larger awards are split as the Ombudsman's guidance looks at them: £100 for
                // the handling of the complaint, the rest for the failing complained of.
                let parts = if amount >= 30_000 {
                    vec![
                        RemedyPart {
                            failing: Failing::Service,
                            amount_pence: amount - 10_000,
                        },
                        RemedyPart {
                            failing: Failing::ComplaintHandling,
                            amount_pence: 10_000,
                        },
                    ]
                } else {
                    Vec::new()
                };
                remedies.push(NewRemedy {
                    kind: RemedyKind::Financial,
                    description: "Compensation for time and trouble".into(),
                    amount_pence: Some(amount),
                    due_on: Some(on + Duration::days(14)),
                    owner: Some("Income team".into()),
                    parts,
                });
            }
            if self.rng.random_bool(0.35) {
                actions.push(NewAction {
                    description: "Complete the outstanding works".into(),
                    owner: "Repairs manager".into(),
                    due_on: on + Duration::days(self.rng.random_range(10..45)),
                });
            }
        }
        let mut record = case
            .stage(decided)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no stage"))?;
        record.state.responded_on = Some(on);
        record.state.responded_by = Some(actor);
        record.decision = Some(decision);
        record.reasons = Some("We looked at the records and spoke to the staff involved.".into());
        record.escalation_route = Some(self.escalation_route.clone());
        let case = self
            .apply(
                txn,
                case,
                last,
                on,
                actor,
                CaseChange {
                    status: Some(if stage == Stage::One {
                        Status::Stage1Responded
                    } else {
                        Status::Stage2Responded
                    }),
                    current_due_on: Some(None),
                    stage: Some(record),
                    remedies,
                    actions,
                    ..CaseChange::default()
                },
                "responded",
                stage,
                json!({"decision": decision.as_str()}),
            )
            .await?;
        // Remedies due by now are mostly completed (Code 7.3).
        for r in case.remedies.iter().filter(|r| r.stage == stage) {
            let done = r.due_on.unwrap_or(on);
            if done <= self.today && self.rng.random_bool(0.85) {
                complaints::update_remedy(
                    txn,
                    self.scope,
                    &self.calendar,
                    case.complaint.id,
                    r.id,
                    RemedyChange {
                        status: Some(RemedyStatus::Completed),
                        completed_on: Some(Some(done)),
                        ..RemedyChange::default()
                    },
                    NewEvent {
                        kind: "remedy_updated",
                        stage: Some(stage),
                        effective_on: done,
                        actor: Some(actor),
                        data: json!({"remedy_id": r.id, "status": "completed"}),
                    },
                )
                .await?;
            }
        }
        Ok(case)
    }

    async fn stage2(
        &mut self,
        txn: &DatabaseTransaction,
        case: Case,
        last: &mut NaiveDate,
        requested: NaiveDate,
    ) -> anyhow::Result<()> {
        let officer = self.staff.officer;
        rules::escalate(&case.state(*last)).map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let record = StageRecord {
            state: StageState::new(Stage::Two, requested),
            decision: None,
            reasons: None,
            escalation_route: None,
        };
        let due = self.deadlines(&record.state).running_due;
        let case = self
            .apply(
                txn,
                case,
                last,
                requested,
                officer,
                CaseChange {
                    status: Some(Status::Stage2Requested),
                    current_stage: Some(Stage::Two),
                    current_due_on: Some(due),
                    stage: Some(record),
                    ..CaseChange::default()
                },
                "escalation_requested",
                Stage::Two,
                json!({"ack_due": due}),
            )
            .await?;
        self.summary.escalated += 1;
        // Stage 2 goes to the complaints officer: never the stage 1 handler (Code 6.13).
        let state = case.state(*last);
        rules::allocate(&state, Allocation::Handler(officer))
            .map_err(|r| anyhow::anyhow!("{r:?}"))?;
        let mut record = case
            .stage(Stage::Two)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("no stage 2"))?;
        record.state.handler_id = Some(officer);
        let case = self
            .apply(
                txn,
                case,
                last,
                requested,
                officer,
                CaseChange {
                    stage2_handler_id: Some(Some(officer)),
                    stage: Some(record),
                    ..CaseChange::default()
                },
                "allocated",
                Stage::Two,
                json!({"handler_id": officer}),
            )
            .await?;
        let ack_on = self.wd_in(requested, 1..=self.timescales.stage2_acknowledge);
        if ack_on > self.today {
            self.summary.open += 1;
            return Ok(());
        }
        let case = self
            .acknowledge(txn, case, last, ack_on, officer, Stage::Two)
            .await?;
        let s2 = self.deadlines(
            &case
                .stage(Stage::Two)
                .map(|s| s.state.clone())
                .unwrap_or_else(|| StageState::new(Stage::Two, requested)),
        );
        let due = s2.response_due.unwrap_or(ack_on);
        let on = if self.rng.random_bool(0.8) {
            self.wd_in(ack_on, 5..=self.timescales.stage2_response)
        } else {
            self.wd_in(due, 1..=15)
        };
        if on > self.today {
            self.summary.open += 1;
            return Ok(());
        }
        let case = self
            .respond(txn, case, last, on, officer, Stage::Two)
            .await?;
        let close_on = self.wd(on, 5);
        if close_on <= self.today {
            rules::close(&case.state(*last)).map_err(|r| anyhow::anyhow!("{r:?}"))?;
            self.apply(
                txn,
                case,
                last,
                close_on,
                officer,
                CaseChange {
                    status: Some(Status::Closed),
                    current_due_on: Some(None),
                    closed_on: Some(close_on),
                    ..CaseChange::default()
                },
                "closed",
                Stage::Two,
                json!({}),
            )
            .await?;
        }
        Ok(())
    }
}

/// Generates `count` complaints received between `from` and `today` (inclusive) for the
/// landlord, in batches of one transaction each.
#[allow(clippy::too_many_arguments)]
pub async fn generate(
    db: &DatabaseConnection,
    scope: TenantScope,
    bank_holidays: &BankHolidays,
    staff: &Staff,
    from: NaiveDate,
    today: NaiveDate,
    count: usize,
    seed: u64,
) -> anyhow::Result<Summary> {
    let landlord = landlords::get(db, scope).await?;
    let schemes = landlords::schemes(db, scope).await?;
    let scheme = schemes
        .iter()
        .find(|s| s.code == "housing")
        .or(schemes.first())
        .context("the landlord has no complaint scheme")?;
    let closures = landlords::closure_days(db, scope).await?;
    let mut g = Generator {
        rng: StdRng::seed_from_u64(seed),
        calendar: WorkingCalendar::new(bank_holidays, closures),
        timescales: scheme.timescales,
        scheme_id: scheme.id,
        escalation_route: format!(
            "You can ask us to consider your complaint at stage 2, without giving a reason. You can also contact the {}: {}",
            scheme.ombudsman_name, scheme.ombudsman_contact
        ),
        scope,
        prefix: landlord.reference_prefix.clone(),
        staff,
        today,
        residents: Vec::new(),
        summary: Summary::default(),
        ownership_per_mille: match landlord.homes() {
            0 => 0,
            all => landlord.homes_low_cost_home_ownership * 1000 / all,
        },
    };
    let span = (today - from).num_days().max(1);
    let mut days: Vec<NaiveDate> = (0..count)
        .map(|_| from + Duration::days(g.rng.random_range(0..=span)))
        .collect();
    days.sort();
    for batch in days.chunks(200) {
        let txn = db.begin().await?;
        for day in batch {
            g.complaint(&txn, *day).await?;
        }
        redress_store::TransactionSession::commit(txn).await?;
    }
    Ok(g.summary)
}
