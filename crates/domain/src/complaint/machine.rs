//! The state machine of docs/state-machine.md, "Transitions". Each function decides whether
//! an action may happen to a case as it stands, and says why not: a broken rule of the Code or
//! of the process is a [`Refusal::Rule`] (409), a bad value a [`Refusal::Field`] (422).

use super::vocabulary::{Stage, Status};
use chrono::NaiveDate;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A rule of the Code or of the process refuses the action; the message names it.
    Rule(String),
    /// A value of the request is not acceptable here.
    Field {
        field: &'static str,
        message: String,
    },
}

/// A refusal by a rule of the Code (409).
pub(crate) fn rule(message: impl Into<String>) -> Refusal {
    Refusal::Rule(message.into())
}

/// A refusal of one field's value (422 naming it).
pub(crate) fn field(field: &'static str, message: impl Into<String>) -> Refusal {
    Refusal::Field {
        field,
        message: message.into(),
    }
}

/// One stage's record as far as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageState {
    pub stage: Stage,
    /// Stage 1: the day the complaint was received. Stage 2: the day escalation was asked for.
    pub requested_on: NaiveDate,
    pub acknowledged_on: Option<NaiveDate>,
    /// Working days added by extensions (Code 6.4, 6.15).
    pub extension_working_days: u32,
    pub responded_on: Option<NaiveDate>,
    pub handler_id: Option<Uuid>,
    pub contractor_id: Option<Uuid>,
    /// Who recorded the response.
    pub responded_by: Option<Uuid>,
}

impl StageState {
    pub fn new(stage: Stage, requested_on: NaiveDate) -> Self {
        StageState {
            stage,
            requested_on,
            acknowledged_on: None,
            extension_working_days: 0,
            responded_on: None,
            handler_id: None,
            contractor_id: None,
            responded_by: None,
        }
    }

    /// The last day anything happened in this stage.
    pub fn latest_date(&self) -> NaiveDate {
        [
            Some(self.requested_on),
            self.acknowledged_on,
            self.responded_on,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(self.requested_on)
    }

    /// Everyone who handled this stage: the allocated handler and whoever responded.
    fn people(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.handler_id.into_iter().chain(self.responded_by)
    }
}

/// A case as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseState {
    pub status: Status,
    pub stage1: StageState,
    pub stage2: Option<StageState>,
    /// The last effective date of any action, so an action cannot be dated before it.
    pub last_action_on: NaiveDate,
}

impl CaseState {
    pub fn new(received_on: NaiveDate) -> Self {
        CaseState {
            status: Status::Received,
            stage1: StageState::new(Stage::One, received_on),
            stage2: None,
            last_action_on: received_on,
        }
    }

    pub fn current_stage(&self) -> Stage {
        if self.stage2.is_some() {
            Stage::Two
        } else {
            Stage::One
        }
    }

    pub fn current(&self) -> &StageState {
        self.stage2.as_ref().unwrap_or(&self.stage1)
    }
}

/// An effective date (`on`) may not be in the future, nor before what it follows.
pub fn check_effective_date(
    case: Option<&CaseState>,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    if on > today {
        return Err(field(
            "on",
            format!("must not be in the future (today is {today})"),
        ));
    }
    if let Some(case) = case
        && on < case.last_action_on
    {
        return Err(field(
            "on",
            format!(
                "must not be before the last recorded action on this complaint ({})",
                case.last_action_on
            ),
        ));
    }
    Ok(())
}

fn status_refusal(action: &str, allowed: &str, status: Status) -> Refusal {
    rule(format!(
        "a complaint can be {action} only when it is {allowed}; this one is {status}"
    ))
}

/// Acknowledge, define and log (Code 5.6, 6.2, 6.11): stage 1 after receipt, stage 2 after
/// the escalation request. Returns the stage acknowledged.
pub fn acknowledge(case: &CaseState) -> Result<Stage, Refusal> {
    match case.status {
        Status::Received => Ok(Stage::One),
        Status::Stage2Requested => Ok(Stage::Two),
        s => Err(status_refusal(
            "acknowledged",
            "received or its escalation to stage 2 requested",
            s,
        )),
    }
}

/// Not accepting a complaint (Code 2.1–2.4) is decided before it is acknowledged.
pub fn not_accept(case: &CaseState) -> Result<(), Refusal> {
    match case.status {
        Status::Received => Ok(()),
        s => Err(status_refusal(
            "not accepted",
            "received and not yet acknowledged",
            s,
        )),
    }
}

/// Who a stage is allocated to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allocation {
    Handler(Uuid),
    Contractor(Uuid),
}

/// Allocating the current stage. Stage 2 must be considered by someone other than the
/// stage 1 handler (Code 6.13), and stays with the landlord's own staff.
pub fn allocate(case: &CaseState, to: Allocation) -> Result<Stage, Refusal> {
    let stage = match case.status {
        Status::Received | Status::Stage1Open => Stage::One,
        Status::Stage2Requested | Status::Stage2Open => Stage::Two,
        s => {
            return Err(status_refusal(
                "allocated",
                "open at stage 1 or stage 2 and not yet responded to",
                s,
            ));
        }
    };
    if stage == Stage::Two {
        match to {
            Allocation::Contractor(_) => {
                return Err(rule(
                    "stage 2 cannot be allocated to a contractor: contractors handle stage 1 only, and stage 2 is the landlord's own review (Code 6.13)",
                ));
            }
            Allocation::Handler(id) if case.stage1.people().any(|p| p == id) => {
                return Err(stage2_by_someone_else());
            }
            Allocation::Handler(_) => {}
        }
    }
    Ok(stage)
}

fn stage2_by_someone_else() -> Refusal {
    rule("stage 2 must be considered by someone other than the stage 1 handler (Code 6.13)")
}

/// Extending the current stage's response deadline (Code 6.4, 6.5, 6.15, 6.16). Up to `limit`
/// working days in all without more; beyond it only with a recorded good reason and a
/// fuller explanation. Returns the stage extended.
pub fn extend(
    case: &CaseState,
    working_days: u32,
    limit: u32,
    good_reason: bool,
    reason: &str,
) -> Result<Stage, Refusal> {
    let stage = match case.status {
        Status::Stage1Open => Stage::One,
        Status::Stage2Open => Stage::Two,
        s => {
            return Err(status_refusal(
                "extended",
                "acknowledged and awaiting its response at stage 1 or stage 2",
                s,
            ));
        }
    };
    if working_days == 0 {
        return Err(field("working_days", "must be at least 1"));
    }
    let total = case.current().extension_working_days + working_days;
    if total > limit {
        let provision = if stage == Stage::One { "6.4" } else { "6.15" };
        if !good_reason {
            // Tied to the number asked for, in words an officer can act on.
            return Err(field(
                "working_days",
                format!(
                    "Stage {} may be extended by at most {limit} working days in all, and this would make {total}. Add fewer days, or say there is a good reason and explain it in at least {GOOD_REASON_MIN_CHARS} characters (Code {provision})",
                    stage.number()
                ),
            ));
        }
        if reason.trim().chars().count() < GOOD_REASON_MIN_CHARS {
            return Err(field(
                "reason",
                format!(
                    "an extension beyond {limit} working days needs a fuller explanation of at least {GOOD_REASON_MIN_CHARS} characters (Code {provision})"
                ),
            ));
        }
    }
    Ok(stage)
}

/// How long the explanation of an extension beyond the limit must at least be.
pub const GOOD_REASON_MIN_CHARS: usize = 80;

/// Responding to the current stage (Code 6.6, 6.9, 6.17–6.19). At stage 2 the person
/// responding must not be the stage 1 handler (Code 6.13). Returns the stage responded to.
pub fn respond(case: &CaseState, actor: Uuid) -> Result<Stage, Refusal> {
    match case.status {
        Status::Stage1Open => Ok(Stage::One),
        Status::Stage2Open => {
            if case.stage1.people().any(|p| p == actor) {
                return Err(stage2_by_someone_else());
            }
            Ok(Stage::Two)
        }
        s => Err(status_refusal(
            "responded to",
            "acknowledged and open at stage 1 or stage 2",
            s,
        )),
    }
}

/// The elements a response must contain (Code 6.9, 6.19 a–g). `decision` and `reasons` come
/// from the request; the stage, the definition and the escalation route from the case and
/// its scheme. Empty remedy and action lists mean "none" and are said so in the letter.
pub struct ResponseElements<'a> {
    pub stage: Stage,
    pub definition: Option<&'a str>,
    pub reasons: &'a str,
    pub escalation_route: &'a str,
}

pub fn check_response(r: &ResponseElements<'_>) -> Result<(), Refusal> {
    let provision = if r.stage == Stage::One { "6.9" } else { "6.19" };
    if r.definition.is_none_or(|d| d.trim().is_empty()) {
        return Err(rule(format!(
            "the response must set out the complaint definition, and this complaint has none: acknowledge and define it first (Code {provision}b)"
        )));
    }
    if r.reasons.trim().is_empty() {
        return Err(field(
            "reasons",
            format!("must give the reasons for the decision (Code {provision}d)"),
        ));
    }
    if r.escalation_route.trim().is_empty() {
        return Err(rule(format!(
            "the response must say how to escalate: the scheme has no Ombudsman contact details (Code {provision}g)"
        )));
    }
    Ok(())
}

/// Escalating to stage 2 (Code 6.10–6.12): after the stage 1 response; no reason needed.
pub fn escalate(case: &CaseState) -> Result<(), Refusal> {
    match case.status {
        Status::Stage1Responded => Ok(()),
        s => Err(status_refusal(
            "escalated to stage 2",
            "responded to at stage 1",
            s,
        )),
    }
}

/// Refusing an escalation (Code 5.11) needs a reason and an explanation, and is decided
/// before stage 2 is acknowledged.
pub fn refuse_escalation(case: &CaseState) -> Result<(), Refusal> {
    match case.status {
        Status::Stage2Requested => Ok(()),
        s => Err(status_refusal(
            "refused escalation",
            "awaiting its stage 2 acknowledgement",
            s,
        )),
    }
}

/// Closing after a response.
pub fn close(case: &CaseState) -> Result<(), Refusal> {
    match case.status {
        Status::Stage1Responded | Status::Stage2Responded => Ok(()),
        s => Err(status_refusal(
            "closed",
            "responded to at stage 1 or stage 2",
            s,
        )),
    }
}

/// What happens to an additional complaint (Code 6.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdditionalOutcome {
    /// Related and raised before the stage 1 response: added to the open stage by amending
    /// the definition.
    AmendDefinition,
    /// Otherwise: logged as a new complaint linked to this one.
    NewLinkedComplaint,
}

pub fn additional(case: &CaseState, related: bool) -> AdditionalOutcome {
    let before_stage1_response = matches!(case.status, Status::Received | Status::Stage1Open);
    if related && before_stage1_response {
        AdditionalOutcome::AmendDefinition
    } else {
        AdditionalOutcome::NewLinkedComplaint
    }
}

/// A complaint about an issue older than 12 months is flagged, never excluded on that ground
/// alone (Code 2.3): the landlord must consider it.
pub fn issue_is_over_twelve_months_old(issue_date: NaiveDate, received_on: NaiveDate) -> bool {
    received_on
        .checked_sub_months(chrono::Months::new(12))
        .is_some_and(|limit| issue_date < limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case_at(status: Status) -> CaseState {
        let mut c = CaseState::new(d("2025-01-06"));
        c.status = status;
        c
    }

    #[test]
    fn a_received_complaint_is_acknowledged_at_stage_1_and_an_escalation_at_stage_2() {
        assert_eq!(acknowledge(&case_at(Status::Received)), Ok(Stage::One));
        assert_eq!(
            acknowledge(&case_at(Status::Stage2Requested)),
            Ok(Stage::Two)
        );
        let Err(Refusal::Rule(msg)) = acknowledge(&case_at(Status::Closed)) else {
            panic!("closed complaints cannot be acknowledged");
        };
        assert!(msg.contains("this one is closed"));
    }

    #[test]
    fn the_stage_1_handler_can_never_handle_stage_2() {
        let handler = Uuid::new_v4();
        let mut c = case_at(Status::Stage2Requested);
        c.stage1.handler_id = Some(handler);
        c.stage2 = Some(StageState::new(Stage::Two, d("2025-02-03")));
        let refused = allocate(&c, Allocation::Handler(handler)).unwrap_err();
        assert_eq!(
            refused,
            Refusal::Rule(
                "stage 2 must be considered by someone other than the stage 1 handler (Code 6.13)"
                    .into()
            )
        );
        assert_eq!(
            allocate(&c, Allocation::Handler(Uuid::new_v4())),
            Ok(Stage::Two)
        );
        c.status = Status::Stage2Open;
        assert_eq!(respond(&c, handler).unwrap_err(), stage2_by_someone_else());
    }

    #[test]
    fn whoever_responded_at_stage_1_counts_as_its_handler() {
        let responder = Uuid::new_v4();
        let mut c = case_at(Status::Stage2Open);
        c.stage1.responded_by = Some(responder);
        c.stage2 = Some(StageState::new(Stage::Two, d("2025-02-03")));
        assert!(respond(&c, responder).is_err());
        assert_eq!(respond(&c, Uuid::new_v4()), Ok(Stage::Two));
    }

    #[test]
    fn stage_2_is_never_allocated_to_a_contractor() {
        let c = case_at(Status::Stage2Requested);
        assert!(matches!(
            allocate(&c, Allocation::Contractor(Uuid::new_v4())),
            Err(Refusal::Rule(_))
        ));
        let c = case_at(Status::Received);
        assert_eq!(
            allocate(&c, Allocation::Contractor(Uuid::new_v4())),
            Ok(Stage::One)
        );
    }

    #[test]
    fn an_extension_beyond_the_limit_needs_a_good_reason_and_a_fuller_explanation() {
        let mut c = case_at(Status::Stage1Open);
        assert_eq!(
            extend(&c, 10, 10, false, "waiting for a survey"),
            Ok(Stage::One)
        );
        c.stage1.extension_working_days = 10;
        let Err(Refusal::Field {
            field: "working_days",
            message,
        }) = extend(&c, 1, 10, false, "more time")
        else {
            panic!("beyond the limit without a good reason");
        };
        assert!(message.contains("this would make 11"), "{message}");
        assert!(message.ends_with("(Code 6.4)"), "{message}");
        assert!(!message.contains('`'), "{message}");
        assert!(matches!(
            extend(&c, 1, 10, true, "more time"),
            Err(Refusal::Field {
                field: "reason",
                ..
            })
        ));
        let long = "The structural engineer's report on the subsidence is not due until next month, and we cannot decide without it.";
        assert_eq!(extend(&c, 5, 10, true, long), Ok(Stage::One));
    }

    #[test]
    fn stage_2_extensions_cite_code_6_15() {
        let mut c = case_at(Status::Stage2Open);
        c.stage2 = Some(StageState::new(Stage::Two, d("2025-02-03")));
        let Err(Refusal::Field { message, .. }) = extend(&c, 21, 20, false, "x") else {
            panic!()
        };
        assert!(message.contains("Stage 2 may be extended by at most 20"));
        assert!(message.contains("(Code 6.15)"));
    }

    #[test]
    fn a_response_without_a_definition_or_reasons_is_refused() {
        let base = ResponseElements {
            stage: Stage::One,
            definition: Some("The repair to the boiler was late."),
            reasons: "The engineer missed two appointments.",
            escalation_route: "Ask for stage 2 within 20 working days.",
        };
        assert_eq!(check_response(&base), Ok(()));
        let no_def = ResponseElements {
            definition: None,
            ..base
        };
        assert!(matches!(check_response(&no_def), Err(Refusal::Rule(m)) if m.contains("6.9b")));
        let base = ResponseElements {
            stage: Stage::Two,
            definition: Some("x"),
            reasons: "  ",
            escalation_route: "Ombudsman",
        };
        assert!(matches!(
            check_response(&base),
            Err(Refusal::Field { field: "reasons", message }) if message.contains("6.19d")
        ));
    }

    #[test]
    fn escalation_follows_a_stage_1_response_only() {
        assert_eq!(escalate(&case_at(Status::Stage1Responded)), Ok(()));
        assert!(escalate(&case_at(Status::Stage1Open)).is_err());
        assert!(escalate(&case_at(Status::NotAccepted)).is_err());
        assert_eq!(refuse_escalation(&case_at(Status::Stage2Requested)), Ok(()));
        assert!(refuse_escalation(&case_at(Status::Stage2Open)).is_err());
    }

    #[test]
    fn a_related_issue_before_the_stage_1_response_amends_the_definition() {
        assert_eq!(
            additional(&case_at(Status::Stage1Open), true),
            AdditionalOutcome::AmendDefinition
        );
        assert_eq!(
            additional(&case_at(Status::Stage1Open), false),
            AdditionalOutcome::NewLinkedComplaint
        );
        assert_eq!(
            additional(&case_at(Status::Stage1Responded), true),
            AdditionalOutcome::NewLinkedComplaint
        );
    }

    #[test]
    fn an_issue_over_twelve_months_old_is_flagged() {
        assert!(issue_is_over_twelve_months_old(
            d("2023-12-31"),
            d("2025-01-01")
        ));
        assert!(!issue_is_over_twelve_months_old(
            d("2024-01-01"),
            d("2025-01-01")
        ));
    }

    #[test]
    fn an_action_cannot_be_dated_in_the_future_or_before_the_last_one() {
        let c = case_at(Status::Received);
        assert!(check_effective_date(Some(&c), d("2025-01-10"), d("2025-01-09")).is_err());
        assert!(check_effective_date(Some(&c), d("2025-01-05"), d("2025-01-09")).is_err());
        assert_eq!(
            check_effective_date(Some(&c), d("2025-01-06"), d("2025-01-09")),
            Ok(())
        );
    }

    #[test]
    fn only_a_responded_complaint_can_be_closed() {
        assert!(close(&case_at(Status::Stage1Responded)).is_ok());
        assert!(close(&case_at(Status::Stage2Responded)).is_ok());
        assert!(close(&case_at(Status::Stage1Open)).is_err());
        assert!(not_accept(&case_at(Status::Stage1Open)).is_err());
    }
}
