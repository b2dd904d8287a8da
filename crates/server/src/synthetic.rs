//! Synthetic complaints for the demo and for benchmarks. Every case is taken through the same
//! domain rules and store functions the API uses (no raw inserts), so the data keeps every
//! rule: deadlines from the calendar, stage 2 never by the stage 1 handler, effective dates in
//! order. The shape follows what landlords publish: about 35 stage 1 complaints per 1,000
//! homes a year, 10–20% escalated, about 15% extended, most responses on time, outcomes about
//! half upheld, repairs the largest category.

use anyhow::Context;
use chrono::{Duration, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use redress_domain::calendar::{BankHolidays, WorkingCalendar};
use redress_domain::complaint::{
    self as rules, Allocation, Channel, Decision, ExclusionReason, RemedyKind, RemedyStatus, Stage,
    StageState, Status, Tenure, stage_deadlines,
};
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

const CATEGORIES: [(&str, u32, &[&str]); 8] = [
    (
        "repairs",
        42,
        &[
            "The repair to my boiler was booked three times and nobody came.",
            "Water is coming through the kitchen ceiling and the leak has not been fixed.",
            "The front door lock has been broken for weeks and I do not feel safe.",
            "The window in my child's bedroom will not close.",
        ],
    ),
    (
        "damp_and_mould",
        11,
        &[
            "There is black mould in the bedroom and my son's asthma is worse.",
            "Damp is spreading across the bathroom wall and the treatment did not work.",
        ],
    ),
    (
        "antisocial_behaviour",
        8,
        &[
            "My neighbour plays loud music every night and nothing has been done about my reports.",
            "People are using the stairwell to take drugs and I reported it twice.",
        ],
    ),
    (
        "customer_service",
        12,
        &[
            "Nobody returns my calls and I have been passed between departments.",
            "The officer was rude to me on the phone.",
        ],
    ),
    (
        "estate_services",
        8,
        &[
            "The communal areas have not been cleaned for a month.",
            "The lift has been out of order for two weeks and I use a wheelchair.",
        ],
    ),
    (
        "rent_and_service_charges",
        8,
        &[
            "I was charged for a service that is not provided.",
            "My rent account shows arrears that I have already paid.",
        ],
    ),
    (
        "lettings_and_allocations",
        5,
        &["My transfer application has not been assessed after six months."],
    ),
    (
        "other",
        6,
        &["I am unhappy with how my previous enquiry was handled."],
    ),
];

const CHANNELS: [(Channel, u32); 8] = [
    (Channel::Online, 30),
    (Channel::Phone, 28),
    (Channel::Email, 22),
    (Channel::Letter, 6),
    (Channel::InPerson, 5),
    (Channel::SocialMedia, 2),
    (Channel::Representative, 4),
    (Channel::CouncillorOrMp, 3),
];

const FIRST: [&str; 16] = [
    "Amina", "Ben", "Chloe", "Dariusz", "Ellie", "Femi", "Grace", "Hassan", "Ioana", "Jack",
    "Kofi", "Leah", "Mohammed", "Nia", "Olivia", "Priya",
];
const LAST: [&str; 16] = [
    "Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Kowalski", "Lewis", "Murphy", "Nowak", "Okafor", "Patel",
];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|i| i.1).sum();
    let mut n = rng.random_range(0..total);
    for (item, w) in items {
        if n < *w {
            return item;
        }
        n -= w;
    }
    &items[0].0
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
            },
            NewEvent {
                kind: "received",
                stage: Some(Stage::One),
                effective_on: received_on,
                actor: Some(officer),
                data: json!({"channel": channel.as_str(), "ack_due": ack_due}),
            },
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
        let definition = format!(
            "{} We understand the resident wants this put right.",
            case.complaint.description
        );
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
                responsible_for: Some("The service described".to_owned()),
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
            });
            if self.rng.random_bool(0.45) {
                remedies.push(NewRemedy {
                    kind: RemedyKind::Financial,
                    description: "Compensation for time and trouble".into(),
                    amount_pence: Some(self.rng.random_range(5..=60) * 1_000),
                    due_on: Some(on + Duration::days(14)),
                    owner: Some("Income team".into()),
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

fn pick_category(rng: &mut StdRng) -> (&'static str, u32, &'static [&'static str]) {
    let total: u32 = CATEGORIES.iter().map(|c| c.1).sum();
    let mut n = rng.random_range(0..total);
    for c in CATEGORIES {
        if n < c.1 {
            return c;
        }
        n -= c.1;
    }
    CATEGORIES[0]
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

/// Makes `landlords` landlords (`gen-1`, `gen-2`...), each with a complaints officer, two
/// case handlers and a contractor, and `complaints` complaints spread over the last two years
/// between them: large data sets for benchmarks. Each landlord's history is generated through
/// the domain rules; with `copy` (PostgreSQL only) only `gen-1`'s is, and the others get a
/// copy of it with fresh ids, which is fast enough for a million complaints. Landlords that
/// already have complaints are left as they are. Returns what was made.
pub async fn generate_landlords(
    db: &DatabaseConnection,
    password_hash: &str,
    bank_holidays: &BankHolidays,
    landlords_wanted: usize,
    complaints_total: usize,
    copy: bool,
) -> anyhow::Result<Summary> {
    let per_landlord = complaints_total / landlords_wanted.max(1);
    let today = redress_api::time::today();
    let from = today - Duration::days(730);
    let mut total = Summary::default();
    let mut first: Option<(TenantScope, Staff, String)> = None;
    for i in 1..=landlords_wanted {
        let slug = format!("gen-{i}");
        let prefix = format!("G{i}");
        let landlord = match landlords::find_by_slug(db, &slug).await {
            Ok(l) => l,
            Err(redress_store::StoreError::NotFound) => {
                landlords::create_without_invitation(
                    db,
                    landlords::NewLandlord {
                        name: format!("Generated landlord {i}"),
                        slug: slug.clone(),
                        kind: redress_domain::values::LandlordKind::HousingAssociation,
                        // About 35 stage 1 complaints per 1,000 homes a year, for two years.
                        homes_low_cost_rental: u32::try_from(per_landlord * 1000 / 70)
                            .unwrap_or(u32::MAX),
                        homes_low_cost_home_ownership: 0,
                        reference_prefix: prefix.clone(),
                    },
                )
                .await?
            }
            Err(e) => return Err(e.into()),
        };
        let scope = TenantScope::for_system_task(landlord.id);
        let staff = staff_of(db, scope, &slug, password_hash).await?;
        if complaints::count(db, scope).await? == 0 {
            let made = match (&first, copy) {
                (Some((source, source_staff, source_prefix)), true) => {
                    let scheme = landlords::schemes(db, scope)
                        .await?
                        .into_iter()
                        .next()
                        .context("the landlord has no complaint scheme")?;
                    let mut people = vec![(source_staff.officer, staff.officer)];
                    people.extend(
                        source_staff
                            .handlers
                            .iter()
                            .copied()
                            .zip(staff.handlers.iter().copied()),
                    );
                    if let (Some(a), Some(b)) = (source_staff.contractor, staff.contractor) {
                        people.push((a.0, b.0));
                        people.push((a.1, b.1));
                    }
                    let copied = redress_store::replicate::complaints(
                        db,
                        *source,
                        scope,
                        &redress_store::replicate::Mapping {
                            people,
                            scheme: scheme.id,
                            source_prefix: source_prefix.clone(),
                            target_prefix: landlord.reference_prefix.clone(),
                        },
                    )
                    .await?;
                    Summary {
                        complaints: usize::try_from(copied).unwrap_or(usize::MAX),
                        ..Summary::default()
                    }
                }
                _ => {
                    generate(
                        db,
                        scope,
                        bank_holidays,
                        &staff,
                        from,
                        today,
                        per_landlord,
                        i as u64,
                    )
                    .await?
                }
            };
            total.complaints += made.complaints;
            total.not_accepted += made.not_accepted;
            total.extended += made.extended;
            total.escalated += made.escalated;
            total.open += made.open;
            tracing::info!(landlord = slug, complaints = made.complaints, "generated");
        }
        if first.is_none() {
            first = Some((scope, staff, landlord.reference_prefix.clone()));
        }
    }
    Ok(total)
}

/// The generated landlord's officer, two handlers and contractor, made if missing.
async fn staff_of(
    db: &DatabaseConnection,
    scope: TenantScope,
    slug: &str,
    password_hash: &str,
) -> anyhow::Result<Staff> {
    use redress_domain::roles::Role;
    use redress_store::{contractors, memberships, users};
    let org_name = format!("Contractor of {slug}");
    let existing = contractors::list(
        db,
        scope,
        redress_store::page::PageRequest {
            limit: 200,
            after: None,
        },
    )
    .await?;
    let org = match existing.items.into_iter().find(|c| c.name == org_name) {
        Some(c) => c,
        None => {
            contractors::create(db, scope, org_name, format!("jobs@{slug}.example.org")).await?
        }
    };
    let mut ids = Vec::new();
    for (local, role) in [
        ("officer", Role::ComplaintsOfficer),
        ("handler1", Role::CaseHandler),
        ("handler2", Role::CaseHandler),
        ("contractor", Role::Contractor),
    ] {
        let email = format!("{local}@{slug}.example.org");
        let user =
            users::upsert_with_password(db, &email, local, password_hash.to_owned(), false).await?;
        if let Err(redress_store::StoreError::NotFound) =
            memberships::get_user(db, scope, user.id).await
        {
            let contractor = (role == Role::Contractor).then_some(org.id);
            memberships::grant(db, scope, user.id, role, contractor).await?;
        }
        ids.push(user.id);
    }
    Ok(Staff {
        officer: ids[0],
        handlers: vec![ids[1], ids[2]],
        contractor: Some((org.id, ids[3])),
    })
}

/// Residents' needs for the demo: reasonable adjustments (some due or overdue for review),
/// a few disclosures, and restrictions at different warning levels (Code 3.1, 5.10, 5.14),
/// each checked by the same rules as the API.
pub async fn residents_needs(
    db: &DatabaseConnection,
    scope: TenantScope,
    decided_by: Uuid,
    today: NaiveDate,
    seed: u64,
) -> anyhow::Result<()> {
    use redress_store::{adjustments, disclosures, restrictions};
    let mut rng = StdRng::seed_from_u64(seed);
    let page = residents::list(
        db,
        scope,
        None,
        redress_store::page::PageRequest {
            limit: 80,
            after: None,
        },
    )
    .await?;
    let kinds: [(&str, &str); 5] = [
        ("communication_format", "Letters in large print"),
        ("contact_method", "Phone calls only in the afternoon"),
        (
            "representative_or_advocate",
            "Contact through her advocate at the local Mind",
        ),
        ("communication_format", "BSL interpreter for meetings"),
        ("timing", "Appointments after 10am because of medication"),
    ];
    for (i, r) in page.items.iter().enumerate() {
        if i % 4 == 0 {
            let (category, description) = kinds[rng.random_range(0..kinds.len())];
            let agreed_on = today - Duration::days(rng.random_range(30..330));
            // Some reviews are overdue, some due within a fortnight, most later.
            let next_review_on = match i % 12 {
                0 => today - Duration::days(rng.random_range(1..40)),
                4 => today + Duration::days(rng.random_range(1..14)),
                _ => today + Duration::days(rng.random_range(20..180)),
            }
            .max(agreed_on + Duration::days(1));
            adjustments::insert(
                db,
                scope,
                r.id,
                adjustments::NewAdjustment {
                    description: description.to_owned(),
                    category: category.to_owned(),
                    agreed_on,
                    next_review_on,
                },
                Some(decided_by),
            )
            .await?;
        }
        if i % 9 == 0 {
            disclosures::insert(
                db,
                scope,
                r.id,
                disclosures::NewDisclosure {
                    kind: ["disability", "mental_health", "vulnerability"][rng.random_range(0..3)]
                        .to_owned(),
                    description: "Disclosed by the resident when the complaint was made."
                        .to_owned(),
                },
                Some(decided_by),
            )
            .await?;
        }
    }
    // Three restrictions, after a first, a second and a final warning; one overdue for review.
    for (n, (level, review_in)) in [("first", 45_i64), ("second", 10), ("final", -5)]
        .into_iter()
        .enumerate()
    {
        let Some(r) = page.items.get(n * 7 + 3) else {
            break;
        };
        let starts_on = today - Duration::days(90 - 20 * n as i64);
        let review_on = today + Duration::days(review_in);
        let warned = starts_on - Duration::days(14);
        let active = adjustments::active_for_resident(db, scope, r.id)
            .await?
            .len();
        let equality_act = if active > 0 {
            "Written contact keeps the resident's reasonable adjustments in place; letters follow the agreed format."
        } else {
            "No protected characteristic is engaged by limiting contact to writing."
        };
        let proportionality = "Abusive calls continued after warnings; the resident can still raise every concern in writing.";
        redress_domain::restrictions::check(&redress_domain::restrictions::RestrictionTerms {
            starts_on,
            review_on,
            proportionality,
            equality_act,
            warnings_given_on: &[warned],
            active_adjustments: active,
            review_months: redress_domain::restrictions::DEFAULT_REVIEW_MONTHS,
        })
        .map_err(|e| anyhow::anyhow!("demo restriction refused: {e:?}"))?;
        restrictions::create(
            db,
            scope,
            restrictions::NewRestriction {
                resident_id: r.id,
                applies_to: "resident".into(),
                representative_name: None,
                behaviour: "Repeated abusive phone calls to staff.".into(),
                evidence: vec!["Call log and staff statements".into()],
                warnings: vec![restrictions::Warning {
                    level: level.into(),
                    given_on: warned,
                    letter: Some(format!("{level} warning letter")),
                }],
                terms: vec![restrictions::Term {
                    kind: "single_point_of_contact".into(),
                    detail: "Contact only through the complaints officer".into(),
                }],
                proportionality: proportionality.into(),
                equality_act: equality_act.into(),
                decided_by,
                starts_on,
                review_on,
            },
        )
        .await?;
    }
    Ok(())
}
