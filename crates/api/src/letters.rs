//! The letters a complaint's changes send the resident (Code 2.4, 5.6, 5.7, 5.11, 6.5, 6.9,
//! 6.11, 6.16, 6.19).
//!
//! A letter is composed from the case as it stands after the change, rendered from the
//! landlord's templates, and written on the change's own transaction: its outbox message when
//! it is emailed, its record on the case's correspondence (Code 5.12), and the letter itself.
//! So a change is never recorded without its letter, nor a letter sent for a change that did
//! not happen.
//!
//! It goes to the resident, or to their representative when the complaint has one with an
//! email address (Code 3.6). It is posted instead of emailed when there is no email address
//! or the resident prefers letters. The resident's reasonable adjustments shape it (Code 3.1,
//! 5.10): large print gives larger type; a format email cannot give (braille, audio, easy
//! read, BSL, another language...) is noted for staff to send as well. A restriction limits
//! how contact happens, never whether the letter goes (Code 5.14, 5.15).

use crate::AppState;
use crate::auth::secret::{hash_token, new_token};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::{Decision, ExclusionReason, LetterTiming, RemedyKind, Stage};
use redress_domain::remedy_guidance::award_in_words;
use redress_domain::values::long_date;
pub use redress_domain::values::pounds;
use redress_notify::templates::{Override, Rendered};
use redress_store::adjustments::{self, Adjustment};
use redress_store::complaints::{self, Case};
use redress_store::correspondence::{self, CorrespondenceChannel, Direction, NewCorrespondence};
use redress_store::landlords::{Landlord, Scheme};
use redress_store::letters::{self, Delivery, Letter, NewLetter};
use redress_store::residents::{self, Resident};
use redress_store::restrictions::{self, Restriction};
use redress_store::{DatabaseTransaction, OutgoingEmail, TenantScope, outbox, users};
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

/// What caused a letter, with what the change adds to what the case itself records.
#[derive(Debug, Clone)]
pub enum Cause {
    /// The complaint was logged (Code 1.2, 3.1); the tracking link carries the token.
    Received { tracking_token: String },
    /// A new tracking link, sent on the resident's request; the old one no longer works.
    TrackingLink { tracking_token: String },
    /// The current stage was acknowledged and defined (Code 5.6, 6.2, 6.11).
    Acknowledged,
    /// The complaint was not accepted (Code 2.4).
    NotAccepted {
        reason: ExclusionReason,
        explanation: String,
    },
    /// The current stage's response was extended by some working days (Code 6.5, 6.16).
    Extended { reason: String, working_days: u32 },
    /// The current stage was responded to (Code 6.9, 6.19).
    Responded,
    /// Escalation to stage 2 was refused (Code 5.11).
    EscalationRefused {
        reason: ExclusionReason,
        explanation: String,
    },
}

/// The kind of letter (the template's name) and the stage it belongs to.
fn kind_of(cause: &Cause, case: &Case) -> (&'static str, Stage) {
    let stage = case.complaint.current_stage;
    let kind = match (cause, stage) {
        (Cause::Received { .. }, _) => "complaint_received",
        (Cause::TrackingLink { .. }, _) => "tracking_link",
        (Cause::Acknowledged, Stage::One) => "acknowledgement",
        (Cause::Acknowledged, Stage::Two) => "stage2_acknowledgement",
        (Cause::NotAccepted { .. }, _) => "not_accepted",
        (Cause::Extended { .. }, _) => "extension",
        (Cause::Responded, Stage::One) => "stage1_response",
        (Cause::Responded, Stage::Two) => "stage2_response",
        (Cause::EscalationRefused { .. }, _) => "escalation_refused",
    };
    (kind, stage)
}

fn due(d: Option<NaiveDate>) -> String {
    d.map(long_date)
        .unwrap_or_else(|| "a date we will confirm to you".to_owned())
}

/// Why a complaint is not accepted, or an escalation refused, in plain words (Code 2.4, 5.11).
pub fn reason_in_plain_words(reason: ExclusionReason) -> &'static str {
    match reason {
        ExclusionReason::OutsideTimeLimit => {
            "You told us about the issue more than 12 months after it happened or after you became aware of it, and we have decided not to use our discretion to consider it."
        }
        ExclusionReason::LegalProceedingsStarted => {
            "Legal proceedings about the matters you raise have started, and the court will decide them."
        }
        ExclusionReason::PreviouslyConsidered => {
            "We have already considered the matters you raise under our complaints procedure."
        }
        ExclusionReason::NotAboutLandlord => {
            "The matters you raise are not about a service we provide or are responsible for."
        }
        ExclusionReason::OtherProcess => {
            "The matters you raise are dealt with through a different process (for example an insurance claim or a request for information), not our complaints procedure."
        }
        ExclusionReason::Other => "Our reasons are explained below.",
    }
}

fn decision_in_words(d: Decision) -> &'static str {
    match d {
        Decision::Upheld => "upheld",
        Decision::PartlyUpheld => "partly upheld",
        Decision::NotUpheld => "not upheld",
    }
}

fn remedy_in_words(k: RemedyKind) -> &'static str {
    match k {
        RemedyKind::Apology => "An apology",
        RemedyKind::Explanation => "An explanation",
        RemedyKind::Action => "Action to put things right",
        RemedyKind::Financial => "A payment",
        RemedyKind::DecisionChanged => "A decision changed",
        RemedyKind::RecordAmended => "A record corrected",
        RemedyKind::PolicyChange => "A change to our policy or procedure",
        RemedyKind::Other => "Something else",
    }
}

/// The resident's private tracking link.
pub fn tracking_url(public_url: &str, slug: &str, token: &str) -> String {
    format!("{public_url}/p/{slug}/track/{token}")
}

/// What each kind adds to the context every letter shares. A tracking link is never written
/// into a letter: an emailed letter carries the placeholder (the link goes in as it is
/// sent, see `redress_store::outbox::LINK_PLACEHOLDER`), a posted one none.
fn details(cause: &Cause, case: &Case, stage: Stage, emailed: bool) -> Value {
    let c = &case.complaint;
    let link = emailed.then_some(redress_store::outbox::LINK_PLACEHOLDER);
    match cause {
        Cause::Received { .. } => json!({
            "received_on": long_date(c.received_on),
            "ack_due": due(c.current_due_on),
            "tracking_url": link,
        }),
        Cause::TrackingLink { .. } => json!({
            "tracking_url": link,
            "expires": match c.closed_on {
                Some(closed) => long_date(link_expires(closed)),
                None => "twelve months after your complaint is closed".to_owned(),
            },
        }),
        Cause::Acknowledged => json!({
            "definition": c.definition,
            "outcomes_sought": c.outcomes_sought,
            "responsible_for": c.responsible_for,
            "not_responsible_for": c.not_responsible_for,
            "response_due": due(c.current_due_on),
        }),
        Cause::NotAccepted {
            reason,
            explanation,
        }
        | Cause::EscalationRefused {
            reason,
            explanation,
        } => json!({
            "reason": reason.as_str(),
            "reason_text": reason_in_plain_words(*reason),
            "explanation": explanation,
        }),
        Cause::Extended {
            reason,
            working_days,
        } => json!({
            "reason": reason,
            "working_days": working_days,
            "response_due": due(c.current_due_on),
        }),
        Cause::Responded => {
            let record = case.stage(stage);
            let remedies: Vec<Value> = case
                .remedies
                .iter()
                .filter(|r| r.stage == stage)
                .map(|r| {
                    json!({
                        "kind": r.kind.as_str(),
                        "kind_text": remedy_in_words(r.kind),
                        "description": r.description,
                        "amount": r.amount_pence.map(|a| award_in_words(a, &r.parts)),
                        "due_on": r.due_on.map(long_date),
                    })
                })
                .collect();
            let actions: Vec<Value> = case
                .actions
                .iter()
                .filter(|a| a.stage == stage)
                .map(|a| {
                    json!({
                        "description": a.description,
                        "due_on": long_date(a.due_on),
                        "owner": a.owner,
                    })
                })
                .collect();
            let decision = record.and_then(|r| r.decision);
            json!({
                "definition": c.definition,
                "decision": decision.map(Decision::as_str),
                "decision_text": decision.map(decision_in_words),
                "reasons": record.and_then(|r| r.reasons.clone()),
                "remedies": remedies,
                "outstanding_actions": actions,
                "escalation_route": record.and_then(|r| r.escalation_route.clone()),
            })
        }
    }
}

#[derive(Debug, Serialize)]
struct LandlordContext<'a> {
    name: &'a str,
    logo_url: Option<&'a str>,
    contact_block: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct RecipientContext<'a> {
    name: &'a str,
    via_representative: bool,
    resident_name: &'a str,
}

#[derive(Debug, Serialize)]
struct PointOfContact {
    name: String,
    email: Option<String>,
}

/// A backdated action whose letter goes now: the day it took effect, and what that means for
/// the next deadline (docs/rules.md, "Backdated actions").
#[derive(Debug, Serialize)]
struct TookEffect {
    on: String,
    next_step: Option<String>,
}

/// What the day an action took effect means for the landlord's next deadline, in a sentence.
fn next_step(cause: &Cause, case: &Case) -> Option<String> {
    let due = long_date(case.complaint.current_due_on?);
    let stage = case.complaint.current_stage.number();
    match cause {
        // Code 6.3, 6.14: the response is due within working days of the acknowledgement.
        Cause::Acknowledged => Some(format!(
            "Our stage {stage} response is due by {due}, counted from that day."
        )),
        Cause::Extended { .. } => Some(format!("Our stage {stage} response is now due by {due}.")),
        _ => None,
    }
}

#[derive(Debug, Serialize)]
struct OmbudsmanContext<'a> {
    name: &'a str,
    contact: &'a str,
}

/// Everything a letter's templates may use.
#[derive(Debug, Serialize)]
struct Context<'a> {
    landlord: LandlordContext<'a>,
    recipient: RecipientContext<'a>,
    reference: &'a str,
    date: String,
    /// Set when the letter goes later than the action it tells of.
    took_effect: Option<TookEffect>,
    large_print: bool,
    point_of_contact: Option<PointOfContact>,
    ombudsman: OmbudsmanContext<'a>,
    stage: i32,
    #[serde(flatten)]
    details: Value,
}

fn mentions(text: &str, words: &[&str]) -> bool {
    let text = text.to_lowercase();
    words.iter().any(|w| text.contains(w))
}

/// Whether the text has one of these words (whole words, any case).
fn has_word(text: &str, words: &[&str]) -> bool {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.contains(&w))
}

const LARGE_PRINT: [&str; 3] = ["large print", "large-print", "larger print"];
const BY_POST: [&str; 6] = ["post", "postal", "letter", "letters", "paper", "printed"];
const BY_EMAIL: [&str; 2] = ["email", "e-mail"];
const ENGLISH: [&str; 2] = ["english", "en"];

/// What the resident's needs ask of a letter (Code 3.1, 5.10).
#[derive(Debug, Default, PartialEq, Eq)]
struct Needs {
    large_print: bool,
    by_post: bool,
    /// Adjustments and preferences to honour besides the letter itself.
    other_formats: Vec<String>,
}

fn needs(resident: &Resident, adjustments: &[Adjustment]) -> Needs {
    let mut n = Needs {
        by_post: resident
            .preferred_contact
            .as_deref()
            .is_some_and(|c| matches!(c, "letter" | "post")),
        ..Needs::default()
    };
    for a in adjustments {
        match a.category.as_str() {
            "communication_format" if mentions(&a.description, &LARGE_PRINT) => {
                n.large_print = true;
            }
            "communication_format" => n.other_formats.push(format!(
                "The resident's adjustment \"{}\": send this letter in that format too.",
                a.description
            )),
            "contact_method" if mentions(&a.description, &BY_EMAIL) => {}
            "contact_method" if has_word(&a.description, &BY_POST) => n.by_post = true,
            "contact_method" => n.other_formats.push(format!(
                "The resident's adjustment \"{}\": contact them that way about this letter too.",
                a.description
            )),
            _ => {}
        }
    }
    if let Some(format) = resident
        .preferred_format
        .as_deref()
        .filter(|f| !f.trim().is_empty())
    {
        if mentions(format, &LARGE_PRINT) {
            n.large_print = true;
        } else if !mentions(format, &BY_EMAIL) && !mentions(format, &["standard", "normal"]) {
            n.other_formats.push(format!(
                "The resident's preferred format is \"{format}\": send this letter in that format too."
            ));
        }
    }
    if let Some(language) = resident
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !ENGLISH.contains(&l.to_lowercase().as_str()))
    {
        n.other_formats.push(format!(
            "The resident's language is {language}: send this letter translated too."
        ));
    }
    n
}

/// Who the letter goes to and how.
struct Recipient {
    name: String,
    via_representative: bool,
    delivery: Delivery,
    /// The email address, or the postal address.
    address: String,
    notes: Vec<String>,
}

fn recipient(case: &Case, resident: &Resident, needs: &Needs) -> Recipient {
    // Code 3.6: a representative acting with the resident's consent receives the letters.
    if let Some(rep) = &case.complaint.representative
        && let Some(email) = rep.email.as_deref().filter(|e| !e.trim().is_empty())
    {
        return Recipient {
            name: rep.name.clone(),
            via_representative: true,
            delivery: Delivery::Email,
            address: email.to_owned(),
            notes: Vec::new(),
        };
    }
    let email = resident.email.as_deref().filter(|e| !e.trim().is_empty());
    match email {
        Some(email) if !needs.by_post => Recipient {
            name: resident.name.clone(),
            via_representative: false,
            delivery: Delivery::Email,
            address: email.to_owned(),
            notes: Vec::new(),
        },
        _ => {
            let mut notes = Vec::new();
            let address = match resident.address.as_deref().filter(|a| !a.trim().is_empty()) {
                Some(a) => format!("{}\n{a}", resident.name),
                None => {
                    notes.push(
                        "No postal address is recorded for the resident: add one before posting this letter."
                            .to_owned(),
                    );
                    resident.name.clone()
                }
            };
            if needs.large_print {
                notes.push("Print this letter in large print (the resident's adjustment).".into());
            }
            Recipient {
                name: resident.name.clone(),
                via_representative: false,
                delivery: Delivery::Post,
                address,
                notes,
            }
        }
    }
}

/// The officer a single-point-of-contact restriction names: the one allocated to the stage
/// (Code 5.14). Letters are written contact, which every restriction allows (Code 5.15).
async fn point_of_contact(
    conn: &DatabaseTransaction,
    case: &Case,
    restriction: Option<&Restriction>,
) -> Result<Option<PointOfContact>, ApiError> {
    let Some(restriction) = restriction else {
        return Ok(None);
    };
    let kinds: Vec<&str> = restriction.terms.iter().map(|t| t.kind.as_str()).collect();
    if redress_domain::restrictions::check_contact(&kinds, true, true).is_err()
        || !kinds.contains(&"single_point_of_contact")
    {
        return Ok(None);
    }
    let c = &case.complaint;
    let handler = match c.current_stage {
        Stage::One => c.stage1_handler_id,
        Stage::Two => c.stage2_handler_id,
    };
    let Some(handler) = handler else {
        return Ok(None);
    };
    let user = users::get(conn, handler).await?;
    Ok(Some(PointOfContact {
        name: user.name.unwrap_or_else(|| user.email.clone()),
        email: Some(user.email),
    }))
}

/// Renders with the landlord's own templates; when they fail on this case's data, with the
/// defaults, so the resident still gets the letter the Code requires.
fn render(
    state: &AppState,
    kind: &str,
    ctx: &Context<'_>,
    own: Option<&Override>,
) -> Result<Rendered, ApiError> {
    if own.is_some() {
        match state.templates.render(kind, ctx, own) {
            Ok(r) => return Ok(r),
            Err(e) => {
                tracing::warn!(kind, error = %e, "the landlord's own template failed; the default was used");
            }
        }
    }
    state
        .templates
        .render(kind, ctx, None)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("rendering a letter")))
}

/// What a letter's verb already holds, so nothing is read twice.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    /// The day the verb acts on: a letter that goes now is dated this day, so a request
    /// keeps one clock even across midnight.
    pub today: NaiveDate,
    /// The resident's adjustments and any restriction in force, when the verb has read them
    /// on its transaction (every verb on a case has: `Loaded::needs`).
    pub needs: Option<&'a crate::use_cases::case::Needs>,
    /// The resident, when the verb has them (intake, which has just written them).
    pub resident: Option<&'a Resident>,
}

impl Known<'_> {
    /// Only the day: the resident and their needs are read on the transaction.
    pub fn today(today: NaiveDate) -> Self {
        Known {
            today,
            needs: None,
            resident: None,
        }
    }
}

/// A letter as written: its record, and the words the resident receives.
#[derive(Debug, Clone)]
pub struct Written {
    pub letter: Letter,
    /// The plain text (what a letter by post, and the correspondence record, hold).
    pub text: String,
    /// The email's HTML.
    pub html: String,
}

/// A letter to send.
pub struct Outgoing<'a> {
    pub cause: Cause,
    pub timing: LetterTiming,
    pub known: Known<'a>,
}

/// Composes the letter a change causes and writes it, its outbox message and its
/// correspondence record on the change's transaction. A letter that already went by other
/// means (`LetterTiming::AlreadySent`) is recorded as sent that day: dated then, on the
/// correspondence that day, and neither emailed nor waiting to be posted.
#[tracing::instrument(skip_all, fields(landlord = %scope.landlord_id(), complaint = %case.complaint.id))]
pub async fn send(
    txn: &DatabaseTransaction,
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    scheme: &Scheme,
    case: &Case,
    out: Outgoing<'_>,
) -> Result<Written, ApiError> {
    let Outgoing {
        cause,
        timing,
        known:
            Known {
                today,
                needs: known_needs,
                resident: known_resident,
            },
    } = out;
    let (kind, stage) = kind_of(&cause, case);
    let c = &case.complaint;
    let dated = timing.dated(today);
    let sent_earlier_on = match timing {
        LetterTiming::AlreadySent { on } => Some(on),
        LetterTiming::Now | LetterTiming::NowFor { .. } => None,
    };
    let read_resident;
    let resident = match known_resident {
        Some(r) => r,
        None => {
            read_resident = residents::get(txn, scope, c.resident_id).await?;
            &read_resident
        }
    };
    let read_needs;
    let known_needs = match known_needs {
        Some(n) => n,
        None => {
            read_needs = crate::use_cases::case::Needs {
                adjustments: adjustments::active_for_resident(txn, scope, c.resident_id).await?,
                restriction: restrictions::active_for_resident(txn, scope, c.resident_id).await?,
            };
            &read_needs
        }
    };
    let adjustments = &known_needs.adjustments;
    let restriction = &known_needs.restriction;
    let needs = needs(resident, adjustments);
    let to = recipient(case, resident, &needs);
    // The landlord's own wording, kept in memory with its schemes (docs/decisions/0008).
    let rules = crate::use_cases::case::rules_on(txn, state, scope, landlord).await?;
    let own = rules.template(kind).map(|t| Override {
        subject: t.subject.clone(),
        text: t.text.clone(),
        html: t.html.clone(),
    });
    let ctx = Context {
        landlord: LandlordContext {
            name: landlord.name_on_letters(),
            logo_url: landlord.logo_url.as_deref(),
            contact_block: landlord.contact_block.as_deref(),
        },
        recipient: RecipientContext {
            name: &to.name,
            via_representative: to.via_representative,
            resident_name: &resident.name,
        },
        reference: &c.reference,
        date: long_date(dated),
        took_effect: match timing {
            LetterTiming::NowFor { took_effect_on } => Some(TookEffect {
                on: long_date(took_effect_on),
                next_step: next_step(&cause, case),
            }),
            LetterTiming::Now | LetterTiming::AlreadySent { .. } => None,
        },
        large_print: needs.large_print,
        point_of_contact: point_of_contact(txn, case, restriction.as_ref()).await?,
        ombudsman: OmbudsmanContext {
            name: &scheme.ombudsman_name,
            contact: &scheme.ombudsman_contact,
        },
        stage: stage.number(),
        details: details(&cause, case, stage, to.delivery == Delivery::Email),
    };
    let rendered = render(state, kind, &ctx, own.as_ref())?;
    let sealed_link = match (&cause, to.delivery) {
        (
            Cause::Received { tracking_token } | Cause::TrackingLink { tracking_token },
            Delivery::Email,
        ) => Some(
            outbox::seal_link(
                &state.data_key,
                &tracking_url(&state.public_url, &landlord.slug, tracking_token),
                &to.address,
            )
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?,
        ),
        _ => None,
    };
    let outbox_id = match (to.delivery, sent_earlier_on) {
        (Delivery::Email, None) => Some(
            outbox::enqueue(
                txn,
                Some(landlord.id),
                OutgoingEmail {
                    outbox_id: None,
                    to: to.address.clone(),
                    subject: rendered.subject.clone(),
                    text: rendered.text.clone(),
                    html: Some(rendered.html.clone()),
                    sealed_link,
                    ..Default::default()
                },
            )
            .await?,
        ),
        (Delivery::Post, _) | (Delivery::Email, Some(_)) => None,
    };
    let recorded = correspondence::record_at_stage(
        txn,
        scope,
        c.id,
        c.current_stage,
        NewCorrespondence {
            direction: Direction::Out,
            // A letter that already went by other means went however staff sent it.
            channel: match (to.delivery, sent_earlier_on) {
                (_, Some(_)) => CorrespondenceChannel::Other,
                (Delivery::Email, None) => CorrespondenceChannel::Email,
                (Delivery::Post, None) => CorrespondenceChannel::Letter,
            },
            on: dated,
            subject: Some(rendered.subject.clone()),
            body: rendered.text.clone(),
            from: Some(landlord.name_on_letters().to_owned()),
            to: Some(match to.delivery {
                Delivery::Email => format!("{} <{}>", to.name, to.address),
                Delivery::Post => to.address.clone(),
            }),
            attachment_ids: Vec::new(),
            recorded_by: None,
        },
    )
    .await?;
    let notes: Vec<String> = to.notes.into_iter().chain(needs.other_formats).collect();
    let letter = letters::insert(
        txn,
        scope,
        NewLetter {
            complaint_id: c.id,
            kind: kind.to_owned(),
            stage,
            recipient_name: to.name,
            recipient: to.address,
            delivery: to.delivery,
            subject: rendered.subject,
            outbox_id,
            correspondence_id: recorded.id,
            staff_notes: (!notes.is_empty()).then(|| notes.join("\n")),
            sent_earlier_on,
        },
    )
    .await?;
    Ok(Written {
        letter,
        text: rendered.text,
        html: rendered.html,
    })
}

/// The last day a tracking link works: twelve months after its complaint closed.
pub fn link_expires(closed_on: NaiveDate) -> NaiveDate {
    closed_on
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// A new tracking link for a complaint, emailed to the resident (or their representative):
/// the old link stops working at once. Refused when the letter could not go by email (the
/// link is never put in a posted letter, which staff handle).
pub async fn reissue_tracking_link(
    txn: &DatabaseTransaction,
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    scheme: &Scheme,
    complaint_id: Uuid,
) -> Result<Letter, ApiError> {
    let token = new_token();
    complaints::set_tracking_token(txn, scope, complaint_id, &hash_token(&token)).await?;
    let case = complaints::load(txn, scope, complaint_id).await?;
    let letter = send(
        txn,
        state,
        scope,
        landlord,
        scheme,
        &case,
        Outgoing {
            cause: Cause::TrackingLink {
                tracking_token: token,
            },
            timing: LetterTiming::Now,
            known: Known::today(crate::time::today()),
        },
    )
    .await?
    .letter;
    if letter.delivery != Delivery::Email {
        return Err(ApiError::Conflict(
            "the resident has no email address we may use (or prefers letters): a tracking \
             link is only ever sent by email; record an email address first"
                .into(),
        ));
    }
    Ok(letter)
}

/// A new private tracking link for a complaint about to be logged: the token, for the
/// complaint-received letter (`Cause::Received`), and its hash, which is all that is kept
/// (`NewComplaint::tracking_token_hash`). Staff intake, the residents' own form and an
/// additional complaint all log with one (Code 1.2).
pub fn new_tracking_token() -> (String, String) {
    let token = new_token();
    let hash = hash_token(&token);
    (token, hash)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn resident() -> Resident {
        Resident {
            id: Uuid::nil(),
            name: "Mary Jones".into(),
            email: Some("mary@example.org".into()),
            phone: None,
            address: Some("Flat 12, 3 River Road, London N1 2AB".into()),
            property_ref: None,
            preferred_contact: None,
            preferred_format: None,
            language: None,
            created_at: Utc::now(),
        }
    }

    fn adjustment(category: &str, description: &str) -> Adjustment {
        Adjustment {
            id: Uuid::nil(),
            resident_id: Uuid::nil(),
            description: description.into(),
            category: category.into(),
            agreed_on: NaiveDate::MIN,
            next_review_on: None,
            status: redress_store::restrictions::InForce::Active,
            ended_on: None,
            reviews: Vec::new(),
            created_by: None,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn large_print_is_honoured_in_the_email_and_other_formats_are_noted() {
        let n = needs(
            &resident(),
            &[
                adjustment("communication_format", "Letters in Large Print"),
                adjustment("communication_format", "Braille"),
                adjustment("contact_method", "Phone calls only in the afternoon"),
                adjustment("contact_method", "Email is fine"),
                adjustment("timing", "Not before 10am"),
            ],
        );
        assert!(n.large_print);
        assert!(!n.by_post);
        assert_eq!(n.other_formats.len(), 2, "{:?}", n.other_formats);
        assert!(n.other_formats[0].contains("\"Braille\""));
        assert!(n.other_formats[1].contains("Phone calls only"));
    }

    #[test]
    fn a_preference_for_letters_or_another_language_is_followed() {
        let mut r = resident();
        r.preferred_contact = Some("letter".into());
        r.language = Some("Polish".into());
        r.preferred_format = Some("large print".into());
        let n = needs(&r, &[]);
        assert!(n.by_post && n.large_print);
        assert_eq!(n.other_formats.len(), 1);
        assert!(n.other_formats[0].contains("Polish"));
        let post_only = needs(&resident(), &[adjustment("contact_method", "Post only")]);
        assert!(post_only.by_post);
        assert!(post_only.other_formats.is_empty(), "posting honours it");
        let later = needs(
            &resident(),
            &[adjustment(
                "contact_method",
                "Postpone calls until after 2pm",
            )],
        );
        assert!(!later.by_post);
        assert_eq!(later.other_formats.len(), 1);
    }

    #[test]
    fn every_reason_has_plain_words() {
        for r in ExclusionReason::ALL {
            assert!(reason_in_plain_words(*r).ends_with('.'));
        }
    }
}
