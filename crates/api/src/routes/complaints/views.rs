//! What the API shows of a complaint.

use crate::use_cases::case::{Caller, Loaded};
use crate::views::SkippedDayView;
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::calendar::{SkippedDay, WorkingCalendar};
use redress_domain::complaint::{Due, NextDue, Stage, Status, stage_deadlines};
use redress_domain::timescales::Timescales;
use redress_store::complaints::{
    Event, Line, OutstandingAction, Remedy, Representative, StageRecord,
};
use redress_store::ombudsman::{InformationRequest, Order as OmbudsmanOrder, Referral};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

fn skipped(days: Vec<SkippedDay>) -> Vec<SkippedDayView> {
    days.into_iter()
        .map(|s| SkippedDayView {
            date: s.date,
            reason: s.reason.to_string(),
        })
        .collect()
}

/// One stage of a complaint; its deadlines are computed from the calendar and the scheme's
/// timescales, never typed.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageView {
    pub stage: i32,
    /// Stage 1: received. Stage 2: escalation requested.
    pub requested_on: NaiveDate,
    /// Acknowledge, define and log by (Code 6.2, 6.11).
    pub ack_due: NaiveDate,
    /// The days `ack_due` passed over, and why.
    pub ack_due_skipped: Vec<SkippedDayView>,
    pub acknowledged_on: Option<NaiveDate>,
    pub acknowledged_in_time: Option<bool>,
    /// Respond by (Code 6.3, 6.14), once acknowledged, including extensions.
    pub response_due: Option<NaiveDate>,
    pub response_due_skipped: Vec<SkippedDayView>,
    pub extension_working_days: u32,
    pub responded_on: Option<NaiveDate>,
    pub responded_in_time: Option<bool>,
    pub handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    /// `upheld`, `partly_upheld` or `not_upheld`.
    pub decision: Option<String>,
    pub reasons: Option<String>,
    /// How to escalate, as the response told the resident.
    pub escalation_route: Option<String>,
    /// The running clock (acknowledgement, then response) has passed its deadline.
    pub overdue: bool,
    /// Working days to the running clock's deadline: 0 on the day, negative when overdue.
    pub working_days_left: Option<i64>,
}

pub fn stage_view(
    r: &StageRecord,
    calendar: &WorkingCalendar,
    timescales: &Timescales,
    today: NaiveDate,
    stopped: bool,
) -> StageView {
    let d = stage_deadlines(calendar, timescales, &r.state, today);
    let d = if stopped { d.stopped() } else { d };
    let s = &r.state;
    StageView {
        stage: s.stage.number(),
        requested_on: s.requested_on,
        ack_due: d.ack_due,
        ack_due_skipped: skipped(d.ack_skipped),
        acknowledged_on: s.acknowledged_on,
        acknowledged_in_time: d.acknowledged_in_time,
        response_due: d.response_due,
        response_due_skipped: skipped(d.response_skipped),
        extension_working_days: s.extension_working_days,
        responded_on: s.responded_on,
        responded_in_time: d.responded_in_time,
        handler_id: s.handler_id,
        contractor_id: s.contractor_id,
        decision: r.decision.map(|d| d.as_str().to_owned()),
        reasons: r.reasons.clone(),
        escalation_route: r.escalation_route.clone(),
        overdue: d.overdue,
        working_days_left: d.working_days_left,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RemedyView {
    pub id: Uuid,
    pub stage: i32,
    /// `apology`, `explanation`, `action`, `financial`, `decision_changed`, `record_amended`,
    /// `policy_change` or `other`.
    pub kind: String,
    pub description: String,
    /// Financial remedies, in pence.
    pub amount_pence: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub owner: Option<String>,
    /// `offered`, `in_progress`, `completed` or `declined`.
    pub status: String,
    pub completed_on: Option<NaiveDate>,
    /// Past its due date and not completed.
    pub overdue: bool,
    /// A financial award split by failing; empty when it was not split.
    pub parts: Vec<RemedyPartView>,
}

/// One part of a financial award.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemedyPartView {
    /// `service`, `complaint_handling`, `time_and_trouble`, `distress_and_inconvenience` or
    /// `other`.
    pub failing: String,
    pub amount_pence: i64,
}

pub fn remedy_view(r: &Remedy, today: NaiveDate) -> RemedyView {
    use redress_domain::complaint::RemedyStatus;
    RemedyView {
        id: r.id,
        stage: r.stage.number(),
        kind: r.kind.as_str().to_owned(),
        description: r.description.clone(),
        amount_pence: r.amount_pence,
        due_on: r.due_on,
        owner: r.owner.clone(),
        status: r.status.as_str().to_owned(),
        completed_on: r.completed_on,
        overdue: r.due_on.is_some_and(|d| d < today)
            && !matches!(r.status, RemedyStatus::Completed | RemedyStatus::Declined),
        parts: r
            .parts
            .iter()
            .map(|p| RemedyPartView {
                failing: p.failing.as_str().to_owned(),
                amount_pence: p.amount_pence,
            })
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionView {
    pub id: Uuid,
    pub stage: i32,
    pub description: String,
    pub owner: String,
    pub due_on: NaiveDate,
    /// `open`, `in_progress` or `completed`.
    pub status: String,
    pub completed_on: Option<NaiveDate>,
    pub overdue: bool,
}

pub fn action_view(a: &OutstandingAction, today: NaiveDate) -> ActionView {
    use redress_domain::complaint::ActionStatus;
    ActionView {
        id: a.id,
        stage: a.stage.number(),
        description: a.description.clone(),
        owner: a.owner.clone(),
        due_on: a.due_on,
        status: a.status.as_str().to_owned(),
        completed_on: a.completed_on,
        overdue: a.due_on < today && a.status != ActionStatus::Completed,
    }
}

/// An order or recommendation of the Ombudsman, and the landlord's compliance with it
/// (Code 9.7c).
#[derive(Debug, Serialize, ToSchema)]
pub struct OmbudsmanOrderView {
    pub id: Uuid,
    /// `order` or `recommendation`.
    pub kind: String,
    pub description: String,
    pub due_on: Option<NaiveDate>,
    /// `open`, `complied` or `not_complied`.
    pub status: String,
    pub complied_on: Option<NaiveDate>,
    /// How compliance was shown.
    pub evidence: Option<String>,
    /// Past its due date and not complied with.
    pub overdue: bool,
}

pub fn ombudsman_order_view(o: &OmbudsmanOrder, today: NaiveDate) -> OmbudsmanOrderView {
    OmbudsmanOrderView {
        id: o.id,
        kind: o.kind.as_str().to_owned(),
        description: o.description.clone(),
        due_on: o.due_on,
        status: o.status.as_str().to_owned(),
        complied_on: o.complied_on,
        evidence: o.evidence.clone(),
        overdue: o.is_overdue(today),
    }
}

/// A request of the Ombudsman for information, and the answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct InformationRequestView {
    pub id: Uuid,
    pub received_on: NaiveDate,
    /// What the Ombudsman asked for.
    pub description: String,
    /// The date the Ombudsman gave.
    pub due_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    /// What was sent in answer.
    pub sent: Option<String>,
    /// When the evidence bundle sent with the answer was made; null when it was not sent.
    pub bundle_made_at: Option<DateTime<Utc>>,
    /// Not answered and past the date the Ombudsman gave.
    pub overdue: bool,
    /// Answered after the date the Ombudsman gave.
    pub answered_late: bool,
}

pub fn information_request_view(
    r: &InformationRequest,
    today: NaiveDate,
) -> InformationRequestView {
    InformationRequestView {
        id: r.id,
        received_on: r.received_on,
        description: r.description.clone(),
        due_on: r.due_on,
        answered_on: r.answered_on,
        sent: r.sent.clone(),
        bundle_made_at: r.bundle_made_at,
        overdue: r.is_overdue(today),
        answered_late: r.answered_late(),
    }
}

/// The complaint's referral to the Ombudsman (docs/rules.md, "The Ombudsman"), the
/// determination, and the orders and recommendations with their compliance (Code 9.7c).
#[derive(Debug, Serialize, ToSchema)]
pub struct OmbudsmanView {
    pub referred_on: NaiveDate,
    /// The scheme's Ombudsman: the Housing Ombudsman Service, or the Local Government and
    /// Social Care Ombudsman.
    pub ombudsman_name: String,
    pub ombudsman_reference: String,
    /// `no_maladministration`, `service_failure`, `maladministration`,
    /// `severe_maladministration`, `outside_jurisdiction` or `withdrawn`; null until determined.
    pub determination: Option<String>,
    pub determined_on: Option<NaiveDate>,
    pub orders: Vec<OmbudsmanOrderView>,
    /// The Ombudsman's requests for information, in the order they were recorded.
    pub information_requests: Vec<InformationRequestView>,
}

pub fn ombudsman_view(r: &Referral, today: NaiveDate) -> OmbudsmanView {
    OmbudsmanView {
        referred_on: r.referred_on,
        ombudsman_name: r.ombudsman_name.clone(),
        ombudsman_reference: r.ombudsman_reference.clone(),
        determination: r.determination.map(|d| d.as_str().to_owned()),
        determined_on: r.determined_on,
        orders: r
            .orders
            .iter()
            .map(|o| ombudsman_order_view(o, today))
            .collect(),
        information_requests: r
            .requests
            .iter()
            .map(|q| information_request_view(q, today))
            .collect(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RepresentativeView {
    pub name: String,
    pub relationship: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub consent_on: NaiveDate,
    pub consent_evidence: String,
    /// The attachment holding the signed consent, once uploaded (Code 3.6).
    pub consent_attachment_id: Option<Uuid>,
}

impl From<Representative> for RepresentativeView {
    fn from(r: Representative) -> Self {
        RepresentativeView {
            name: r.name,
            relationship: r.relationship,
            email: r.email,
            phone: r.phone,
            consent_on: r.consent_on,
            consent_evidence: r.consent_evidence,
            consent_attachment_id: r.consent_attachment_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchemeRef {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

/// An adjustment agreed with the resident, as every case shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedAdjustmentView {
    pub id: Uuid,
    pub description: String,
    pub category: String,
    pub agreed_on: NaiveDate,
    pub next_review_on: Option<NaiveDate>,
}

/// The resident's needs and any restriction, first on every case so no handler misses them
/// (Code 3.1, 5.10, 5.14, 5.15).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResidentNeedsView {
    pub adjustments: Vec<NeedAdjustmentView>,
    /// A restriction in force: contact follows its terms; the complaint goes on (Code 5.15).
    pub restriction: Option<crate::views::RestrictionView>,
}

/// A complaint with its stages, remedies and outstanding actions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintView {
    /// Shown first: the resident's active adjustments and any restriction in force.
    pub resident_needs: ResidentNeedsView,
    pub id: Uuid,
    pub reference: String,
    pub status: String,
    pub scheme: SchemeRef,
    pub resident_id: Uuid,
    pub channel: String,
    pub received_on: NaiveDate,
    /// The complaint in the resident's own words.
    pub description: String,
    pub issue_date: Option<NaiveDate>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub service_request_id: Option<Uuid>,
    pub representative: Option<RepresentativeView>,
    /// `low_cost_rental` or `low_cost_home_ownership`, when recorded.
    pub tenure: Option<String>,
    /// The landlord's understanding of the complaint (Code 5.6).
    pub definition: Option<String>,
    pub responsible_for: Option<String>,
    pub not_responsible_for: Option<String>,
    pub complexity: Option<String>,
    pub risk: Option<String>,
    /// e.g. `issue_over_12_months` (Code 2.3), `representative`.
    pub flags: Vec<String>,
    pub related_complaint_id: Option<Uuid>,
    pub stage1: StageView,
    /// Null until escalated, and for contractors, who never see stage 2: for them, an
    /// escalated case has the status `escalated` and the definition as it was at stage 1.
    pub stage2: Option<StageView>,
    pub remedies: Vec<RemedyView>,
    pub outstanding_actions: Vec<ActionView>,
    /// The referral to the Ombudsman, null until referred, and for contractors, who see
    /// stage 1 only.
    pub ombudsman: Option<OmbudsmanView>,
    pub closed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    /// What is due next and by when: the case page opens with it. Null when nothing is due,
    /// and for a contractor once the case is at stage 2.
    pub next_due: Option<NextDueView>,
}

/// What a case's definition said at stage 1 (a contractor's view of a case that went on to
/// stage 2 shows this, not stage 2's).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StageOneDefinition {
    pub definition: Option<String>,
    pub outcomes_sought: Option<String>,
    pub responsible_for: Option<String>,
    pub not_responsible_for: Option<String>,
}

impl StageOneDefinition {
    /// From the case's timeline: the last stage 1 acknowledgement or amendment.
    pub fn from_events(events: &[redress_store::complaints::Event]) -> Self {
        let text =
            |v: &serde_json::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let mut out = StageOneDefinition::default();
        for e in events.iter().filter(|e| e.stage == Some(1)) {
            match e.kind.as_str() {
                "acknowledged" => {
                    out = StageOneDefinition {
                        definition: text(&e.data, "definition"),
                        outcomes_sought: text(&e.data, "outcomes_sought"),
                        responsible_for: text(&e.data, "responsible_for"),
                        not_responsible_for: text(&e.data, "not_responsible_for"),
                    }
                }
                "definition_amended" => out.definition = text(&e.data, "definition"),
                _ => {}
            }
        }
        out
    }
}

/// The status a contractor sees of a case that went to stage 2: that it did, and nothing of
/// how it stands there.
pub const ESCALATED: &str = "escalated";

/// A case past stage 1, as a contractor may see it: the stage 2 parts of the record are
/// left out (Code 5.4, 5.5: contractors handle stage 1 only).
fn hidden_from_contractor(caller: &Caller, current_stage: Stage) -> bool {
    !caller.sees_stage(Stage::Two) && current_stage == Stage::Two
}

/// Fills in a contractor's view of an escalated case with the definition as it stood at
/// stage 1.
pub fn with_stage_one_definition(mut v: ComplaintView, d: StageOneDefinition) -> ComplaintView {
    v.definition = d.definition;
    v.outcomes_sought = d.outcomes_sought;
    v.responsible_for = d.responsible_for;
    v.not_responsible_for = d.not_responsible_for;
    v
}

pub fn complaint_view(loaded: &Loaded, caller: &Caller, today: NaiveDate) -> ComplaintView {
    let case = &loaded.case;
    let c = &case.complaint;
    let t = &loaded.scheme.timescales;
    let visible = |stage: Stage| caller.sees_stage(stage);
    let hide = hidden_from_contractor(caller, c.current_stage);
    // What stage 2 rewrote: a contractor sees only stage 1's (filled in by the caller that
    // has the timeline, else nothing).
    let stage2_says = |v: &Option<String>| if hide { None } else { v.clone() };
    let mut flags = c.flags.clone();
    if loaded.needs.restriction.is_some() && !flags.iter().any(|f| f == "restricted") {
        // Code 5.15: flagged, never blocked.
        flags.push("restricted".to_owned());
    }
    let stopped = matches!(c.status, Status::Closed | Status::NotAccepted);
    ComplaintView {
        resident_needs: ResidentNeedsView {
            adjustments: loaded
                .needs
                .adjustments
                .iter()
                .map(|a| NeedAdjustmentView {
                    id: a.id,
                    description: a.description.clone(),
                    category: a.category.clone(),
                    agreed_on: a.agreed_on,
                    next_review_on: a.next_review_on,
                })
                .collect(),
            restriction: loaded
                .needs
                .restriction
                .clone()
                .map(|r| crate::views::restriction_view(r, today)),
        },
        id: c.id,
        reference: c.reference.clone(),
        status: if hide {
            ESCALATED.to_owned()
        } else {
            c.status.as_str().to_owned()
        },
        scheme: SchemeRef {
            id: loaded.scheme.id,
            code: loaded.scheme.code.clone(),
            name: loaded.scheme.name.clone(),
        },
        resident_id: c.resident_id,
        channel: c.channel.as_str().to_owned(),
        received_on: c.received_on,
        description: c.description.clone(),
        issue_date: c.issue_date,
        category: c.category.clone(),
        service_area: c.service_area.clone(),
        outcomes_sought: stage2_says(&c.outcomes_sought),
        service_request_id: c.service_request_id,
        representative: c.representative.clone().map(RepresentativeView::from),
        tenure: c.tenure.map(|t| t.as_str().to_owned()),
        definition: stage2_says(&c.definition),
        responsible_for: stage2_says(&c.responsible_for),
        not_responsible_for: stage2_says(&c.not_responsible_for),
        complexity: stage2_says(&c.complexity),
        risk: stage2_says(&c.risk),
        flags,
        related_complaint_id: c.related_complaint_id,
        stage1: stage_view(&case.stage1, &loaded.calendar, t, today, stopped),
        stage2: case
            .stage2
            .as_ref()
            .filter(|_| visible(Stage::Two))
            .map(|s| stage_view(s, &loaded.calendar, t, today, stopped)),
        remedies: case
            .remedies
            .iter()
            .filter(|r| visible(r.stage))
            .map(|r| remedy_view(r, today))
            .collect(),
        outstanding_actions: case
            .actions
            .iter()
            .filter(|a| visible(a.stage))
            .map(|a| action_view(a, today))
            .collect(),
        ombudsman: case
            .ombudsman
            .as_ref()
            .filter(|_| visible(Stage::Two))
            .map(|r| ombudsman_view(r, today)),
        closed_on: if hide { None } else { c.closed_on },
        created_at: c.created_at,
        next_due: c
            .next_due
            .filter(|_| !hide)
            .map(|n| next_due_view(n, c.current_stage, &loaded.calendar, today)),
    }
}

/// A worklist row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintSummary {
    pub id: Uuid,
    pub reference: String,
    pub status: String,
    pub stage: i32,
    pub resident_id: Uuid,
    pub category: String,
    pub received_on: NaiveDate,
    pub handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    /// The deadline of the running clock (acknowledgement or response).
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    /// "Due in N working days" (negative: overdue by N).
    pub working_days_left: Option<i64>,
    /// What is due next (the running clock, an outstanding action or a remedy) and by when.
    pub next_due: Option<NextDueView>,
    /// Who holds the case at its current stage: the handler's name, or the contractor
    /// organisation's.
    pub held_by: Option<String>,
    pub risk: Option<String>,
    pub flags: Vec<String>,
}

/// What is due next on a complaint, and by when (docs/api.md, "The worklist").
#[derive(Debug, Serialize, ToSchema)]
pub struct NextDueView {
    /// `acknowledge`, `respond` (the stage's response), `action` (an outstanding action,
    /// Code 6.6), `remedy` (a remedy offered, Code 7.3) or `ombudsman_request` (the
    /// Ombudsman's request for information).
    pub what: String,
    /// The stage whose step it is (for `acknowledge` and `respond`).
    pub stage: Option<i32>,
    pub due_on: NaiveDate,
    pub overdue: bool,
    /// Working days from today to the day due (negative: overdue by that many).
    pub working_days_left: i64,
}

fn next_due_view(
    n: NextDue,
    stage: Stage,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> NextDueView {
    NextDueView {
        what: n.due.as_str().to_owned(),
        stage: matches!(n.due, Due::Acknowledge | Due::Respond).then(|| stage.number()),
        due_on: n.on,
        overdue: today > n.on,
        working_days_left: calendar.working_days_between(today, n.on),
    }
}

/// A worklist row as a contractor sees it: a case that went to stage 2 shows only that.
pub fn summary_for(
    caller: &Caller,
    c: Line,
    calendar: &WorkingCalendar,
    today: NaiveDate,
) -> ComplaintSummary {
    if hidden_from_contractor(caller, c.current_stage) {
        return ComplaintSummary {
            id: c.id,
            reference: c.reference,
            status: ESCALATED.to_owned(),
            stage: 2,
            resident_id: c.resident_id,
            category: c.category,
            received_on: c.received_on,
            handler_id: None,
            contractor_id: c.contractor_id,
            due_on: None,
            overdue: false,
            working_days_left: None,
            next_due: None,
            held_by: None,
            risk: None,
            flags: c.flags,
        };
    }
    summary(c, calendar, today)
}

fn summary(c: Line, calendar: &WorkingCalendar, today: NaiveDate) -> ComplaintSummary {
    let handler_id = match c.current_stage {
        Stage::One => c.stage1_handler_id,
        Stage::Two => c.stage2_handler_id,
    };
    let contractor_id = c.contractor_id.filter(|_| c.current_stage == Stage::One);
    ComplaintSummary {
        id: c.id,
        stage: c.current_stage.number(),
        held_by: c.held_by,
        handler_id,
        contractor_id,
        next_due: c
            .next_due
            .map(|n| next_due_view(n, c.current_stage, calendar, today)),
        risk: c.risk,
        due_on: c.current_due_on,
        overdue: c.current_due_on.is_some_and(|d| today > d),
        working_days_left: c
            .current_due_on
            .map(|d| calendar.working_days_between(today, d)),
        reference: c.reference,
        status: c.status.as_str().to_owned(),
        resident_id: c.resident_id,
        category: c.category,
        received_on: c.received_on,
        flags: c.flags,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub kind: String,
    pub stage: Option<i32>,
    /// The day the action was taken (`on`).
    pub effective_on: NaiveDate,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

impl From<Event> for EventView {
    fn from(e: Event) -> Self {
        EventView {
            id: e.id,
            kind: e.kind,
            stage: e.stage,
            effective_on: e.effective_on,
            recorded_at: e.recorded_at,
            actor_id: e.actor_user_id,
            data: e.data,
        }
    }
}
