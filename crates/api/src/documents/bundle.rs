//! The evidence bundle the Ombudsman asks a landlord for (Code 5.12, 9.7; the Ombudsman's
//! "knowledge and information management" spotlight): the case as one document, in the
//! order a caseworker reads it. This module builds the document's content from the records;
//! `pdf` lays it out. Every value is data (the template reads it as JSON), never markup.

use crate::routes::complaints::views::{ComplaintView, StageOneDefinition, StageView};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;
use redress_domain::remedy_guidance::{Failing, RemedyPart, award_in_words};
use redress_domain::values::{long_date, words};
use redress_store::adjustments::Adjustment;
use redress_store::attachments::Attachment;
use redress_store::complaints::Event;
use redress_store::correspondence::{Correspondence, Direction};
use redress_store::disclosures::Disclosure;
use redress_store::letters::Letter;
use redress_store::residents::Resident;
use redress_store::restrictions::Restriction;
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// The template typst lays the bundle out with.
pub const TEMPLATE: &str = include_str!("../../templates/bundle.typ");

/// The document: a title page's details, then sections in order.
#[derive(Debug, Serialize)]
pub struct BundleDocument {
    pub title: String,
    pub landlord: String,
    /// At the foot of every page, beside the page number.
    pub footer: String,
    pub about: Vec<[String; 2]>,
    pub notes: Vec<String>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Serialize)]
pub struct Section {
    pub heading: String,
    pub blocks: Vec<Block>,
}

/// A part of a section.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Paragraphs, under a heading when there is one.
    Text {
        heading: Option<String>,
        paragraphs: Vec<String>,
    },
    /// Terms and what they say.
    Details {
        heading: Option<String>,
        rows: Vec<[String; 2]>,
    },
    /// A table with a header row; `widths` are relative column widths.
    Table {
        heading: Option<String>,
        widths: Vec<u8>,
        headers: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// An attachment as the bundle lists it, with the name it has in the ZIP.
#[derive(Debug, Clone)]
pub struct BundledFile {
    pub path: String,
    pub attachment: Attachment,
}

/// What the bundle is made from: everything the requester may read of the case.
pub struct BundleInput<'a> {
    pub landlord: &'a str,
    pub view: &'a ComplaintView,
    pub resident: &'a Resident,
    pub prepared_by: String,
    pub prepared_at: DateTime<Utc>,
    pub today: NaiveDate,
    pub events: &'a [Event],
    pub correspondence: &'a [Correspondence],
    pub letters: &'a [Letter],
    pub adjustments: &'a [Adjustment],
    pub restrictions: &'a [Restriction],
    /// `None`: the requester's role may not read the resident's disclosures.
    pub disclosures: Option<&'a [Disclosure]>,
    pub files: &'a [BundledFile],
    /// Users of the landlord by id, as "name (role)".
    pub names: &'a HashMap<Uuid, String>,
}

fn maybe_date(d: Option<NaiveDate>) -> String {
    d.map(long_date).unwrap_or_default()
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// Paragraphs as written: blank lines separate them.
fn paragraphs(s: &str) -> Vec<String> {
    let out: Vec<String> = s
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    if out.is_empty() {
        vec!["(Nothing was written.)".to_owned()]
    } else {
        out
    }
}

fn row(term: &str, value: impl Into<String>) -> [String; 2] {
    [term.to_owned(), value.into()]
}

/// Keeps the rows that say something.
fn filled(rows: Vec<[String; 2]>) -> Vec<[String; 2]> {
    rows.into_iter().filter(|[_, v]| !v.is_empty()).collect()
}

fn table(heading: Option<&str>, widths: &[u8], headers: &[&str], rows: Vec<Vec<String>>) -> Block {
    if rows.is_empty() {
        return Block::Text {
            heading: heading.map(str::to_owned),
            paragraphs: vec!["None recorded.".to_owned()],
        };
    }
    Block::Table {
        heading: heading.map(str::to_owned),
        widths: widths.to_vec(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

/// What the timeline's entries are called (the portal's words).
fn event_label(kind: &str) -> String {
    match kind {
        "received" => "Complaint received".into(),
        "acknowledged" => "Acknowledged and defined".into(),
        "not_accepted" => "Not accepted".into(),
        "allocated" => "Allocated".into(),
        "extended" => "Response deadline extended".into(),
        "responded" => "Response sent".into(),
        "escalation_requested" => "Escalation to stage 2 requested".into(),
        "escalation_refused" => "Escalation refused".into(),
        "closed" => "Closed".into(),
        "additional_complaint_logged" => "Additional complaint logged".into(),
        "definition_amended" => "Definition amended".into(),
        "remedy_updated" => "Remedy updated".into(),
        "action_updated" => "Outstanding action updated".into(),
        "keep_informed_agreed" => "Updates agreed with the resident".into(),
        "keep_informed_ended" => "Agreed updates ended".into(),
        "ombudsman_referred" => "Referred to the Ombudsman".into(),
        "ombudsman_determination" => "Ombudsman's determination".into(),
        "ombudsman_request_received" => "Ombudsman's request for information received".into(),
        "ombudsman_request_answered" => "Ombudsman's request for information answered".into(),
        "ombudsman_order_updated" => "Ombudsman's order updated".into(),
        "learning_linked" => "Learning recorded from this complaint".into(),
        "learning_unlinked" => "No longer linked to a learning entry".into(),
        "consent_evidence_attached" => "Evidence of the representative's consent added".into(),
        "deadline_moved" => "Deadline moved by a change of closure days or timescales".into(),
        "correspondence" => "Correspondence recorded".into(),
        "attachment_added" => "File added".into(),
        "letter_posted" => "Letter posted".into(),
        "adjustments_requested" => "Adjustments requested".into(),
        other => words(other),
    }
}

/// A short detail of a timeline entry, from what it recorded.
fn event_detail(e: &Event) -> String {
    let s = |k: &str| e.data.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    let detail = match e.kind.as_str() {
        "responded" => s("decision").map(|d| words(&d)),
        "extended" => e
            .data
            .get("working_days")
            .and_then(|v| v.as_u64())
            .map(|n| format!("by {n} working days")),
        "correspondence" => s("subject").or_else(|| s("channel").map(|c| words(&c))),
        "attachment_added" => s("file_name"),
        "ombudsman_determination" => s("determination").map(|d| words(&d)),
        "not_accepted" | "escalation_refused" => s("reason").map(|d| words(&d)),
        _ => None,
    };
    match detail {
        Some(d) if !d.is_empty() => format!("{}: {d}", event_label(&e.kind)),
        _ => event_label(&e.kind),
    }
}

fn stage_words(stage: Option<i32>) -> String {
    stage.map(|s| format!("Stage {s}")).unwrap_or_default()
}

/// Met, missed, or where the clock stands.
fn kept(
    done: Option<NaiveDate>,
    in_time: Option<bool>,
    due: NaiveDate,
    today: NaiveDate,
) -> String {
    match (done, in_time) {
        (Some(_), Some(true)) => "Met".into(),
        (Some(_), Some(false)) => "Missed".into(),
        (Some(_), None) => "Done".into(),
        (None, _) if due < today => "Missed (not yet done)".into(),
        (None, _) => "Not yet due".into(),
    }
}

fn deadline_rows(s: &StageView, today: NaiveDate, stopped: bool) -> Vec<Vec<String>> {
    let stage = format!("Stage {}", s.stage);
    let open = |done: Option<NaiveDate>, in_time, due| {
        if done.is_none() && stopped {
            "Not reached".to_owned()
        } else {
            kept(done, in_time, due, today)
        }
    };
    let mut rows = vec![vec![
        stage.clone(),
        "Acknowledge and define".into(),
        long_date(s.ack_due),
        maybe_date(s.acknowledged_on),
        open(s.acknowledged_on, s.acknowledged_in_time, s.ack_due),
    ]];
    if let Some(due) = s.response_due {
        let what = if s.extension_working_days > 0 {
            format!(
                "Respond (extended by {} working days)",
                s.extension_working_days
            )
        } else {
            "Respond".to_owned()
        };
        rows.push(vec![
            stage,
            what,
            long_date(due),
            maybe_date(s.responded_on),
            open(s.responded_on, s.responded_in_time, due),
        ]);
    }
    rows
}

fn name_of(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> String {
    match id {
        Some(id) => names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "A former user".to_owned()),
        None => "Redress (automatically)".to_owned(),
    }
}

fn london(at: DateTime<Utc>) -> String {
    at.with_timezone(&London)
        .format("%-d %B %Y at %H:%M")
        .to_string()
}

/// Builds the bundle's content.
pub fn build(b: &BundleInput<'_>) -> BundleDocument {
    let v = b.view;
    let stopped = matches!(v.status.as_str(), "closed" | "not_accepted");
    let mut sections = Vec::new();

    // 1. The resident's words.
    let mut complaint = vec![Block::Text {
        heading: Some("In the resident's words".into()),
        paragraphs: paragraphs(&v.description),
    }];
    complaint.push(Block::Details {
        heading: Some("As received".into()),
        rows: filled(vec![
            row("Resident", b.resident.name.clone()),
            row("Received on", long_date(v.received_on)),
            row("How it was made", words(&v.channel)),
            row("Scheme", v.scheme.name.clone()),
            row("Category", words(&v.category)),
            row("Service area", text(&v.service_area)),
            row("When the issue happened", maybe_date(v.issue_date)),
            row("Outcome the resident seeks", text(&v.outcomes_sought)),
            row(
                "Made on the resident's behalf by",
                v.representative
                    .as_ref()
                    .map(|r| match &r.relationship {
                        Some(rel) => format!("{} ({rel})", r.name),
                        None => r.name.clone(),
                    })
                    .unwrap_or_default(),
            ),
            row(
                "Flags",
                v.flags
                    .iter()
                    .map(|f| words(f))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]),
    });
    sections.push(Section {
        heading: "The complaint".into(),
        blocks: complaint,
    });

    // 2. The definition (Code 5.6), and stage 1's where stage 2 rewrote it.
    let mut definition = vec![Block::Details {
        heading: None,
        rows: filled(vec![
            row("Our understanding of the complaint", text(&v.definition)),
            row("Outcomes sought", text(&v.outcomes_sought)),
            row("What we are responsible for", text(&v.responsible_for)),
            row(
                "What we are not responsible for",
                text(&v.not_responsible_for),
            ),
            row("Complexity", text(&v.complexity).replace('_', " ")),
            row("Risk", text(&v.risk)),
        ]),
    }];
    if v.stage2.is_some() {
        let one = StageOneDefinition::from_events(b.events);
        if one.definition.is_some() && one.definition != v.definition {
            definition.push(Block::Details {
                heading: Some("As defined at stage 1".into()),
                rows: filled(vec![
                    row("Our understanding of the complaint", text(&one.definition)),
                    row("Outcomes sought", text(&one.outcomes_sought)),
                    row("What we are responsible for", text(&one.responsible_for)),
                    row(
                        "What we are not responsible for",
                        text(&one.not_responsible_for),
                    ),
                ]),
            });
        }
    }
    if v.definition.is_none() {
        definition = vec![Block::Text {
            heading: None,
            paragraphs: vec!["The complaint has not been defined yet.".into()],
        }];
    }
    sections.push(Section {
        heading: "The complaint definition".into(),
        blocks: definition,
    });

    // 3. Chronology, with each deadline met or missed.
    let mut deadlines = deadline_rows(&v.stage1, b.today, stopped);
    if let Some(s2) = &v.stage2 {
        deadlines.extend(deadline_rows(s2, b.today, stopped));
    }
    // In the order things happened; what was recorded the same day, in the order recorded.
    let mut in_order: Vec<&Event> = b.events.iter().collect();
    in_order.sort_by_key(|e| (e.effective_on, e.recorded_at));
    let events = in_order
        .into_iter()
        .map(|e| {
            vec![
                long_date(e.effective_on),
                stage_words(e.stage),
                event_detail(e),
                name_of(b.names, e.actor_user_id),
            ]
        })
        .collect();
    sections.push(Section {
        heading: "Chronology".into(),
        blocks: vec![
            table(
                Some("Deadlines"),
                &[2, 4, 3, 3, 3],
                &["Stage", "Deadline", "Due by", "Done on", "Met or missed"],
                deadlines,
            ),
            table(
                Some("What happened"),
                &[3, 2, 6, 4],
                &["Date", "Stage", "What happened", "By"],
                events,
            ),
        ],
    });

    // 4. Every letter and item of correspondence (Code 5.12).
    let letters: HashMap<Uuid, &Letter> =
        b.letters.iter().map(|l| (l.correspondence_id, l)).collect();
    let files: HashMap<Uuid, &BundledFile> = b.files.iter().map(|f| (f.attachment.id, f)).collect();
    let mut items = Vec::new();
    for c in b.correspondence {
        let letter = letters.get(&c.id);
        let what = match (letter, c.direction) {
            (Some(_), _) => "Letter".to_owned(),
            (None, Direction::In) => {
                format!("{} from the resident's side", words(c.channel.as_str()))
            }
            (None, Direction::Out) => {
                format!("{} to the resident's side", words(c.channel.as_str()))
            }
        };
        let heading = match &c.subject {
            Some(s) if !s.is_empty() => format!("{}: {what}: {s}", long_date(c.on)),
            _ => format!("{}: {what}", long_date(c.on)),
        };
        let sent = letter
            .map(|l| {
                let state = l.state().as_str();
                let how = match (l.posted_on, l.sent_earlier_on) {
                    (Some(d), _) => format!("posted on {}", long_date(d)),
                    (_, Some(d)) => format!("sent by other means on {}", long_date(d)),
                    _ => words(state).to_lowercase(),
                };
                format!(
                    "{} to {}, {how}",
                    words(l.delivery.as_str()),
                    l.recipient_name
                )
            })
            .unwrap_or_default();
        let attached = c
            .attachment_ids
            .iter()
            .map(|id| {
                files
                    .get(id)
                    .map(|f| f.path.clone())
                    .unwrap_or_else(|| "a file not in this bundle".to_owned())
            })
            .collect::<Vec<_>>()
            .join(", ");
        items.push(Block::Details {
            heading: Some(heading),
            rows: filled(vec![
                row(
                    "Direction",
                    match c.direction {
                        Direction::In => "Received",
                        Direction::Out => "Sent",
                    },
                ),
                row("Channel", words(c.channel.as_str())),
                row("Stage", format!("Stage {}", c.stage.number())),
                row("From", text(&c.from)),
                row("To", text(&c.to)),
                row("Delivery", sent),
                row("Files", attached),
                row(
                    "Recorded",
                    format!(
                        "{} by {}",
                        london(c.recorded_at),
                        name_of(b.names, c.recorded_by)
                    ),
                ),
            ]),
        });
        items.push(Block::Text {
            heading: None,
            paragraphs: paragraphs(&c.body),
        });
    }
    if items.is_empty() {
        items.push(Block::Text {
            heading: None,
            paragraphs: vec!["None recorded.".into()],
        });
    }
    sections.push(Section {
        heading: "Letters and correspondence".into(),
        blocks: items,
    });

    // 5. The resident's needs: adjustments, restrictions with their reasoning, disclosures.
    let mut needs = vec![table(
        Some("Reasonable adjustments"),
        &[6, 3, 3, 3, 5],
        &["Adjustment", "Kind", "Agreed on", "In force", "Reviews"],
        b.adjustments
            .iter()
            .map(|a| {
                vec![
                    a.description.clone(),
                    words(&a.category),
                    long_date(a.agreed_on),
                    match a.ended_on {
                        Some(d) => format!("Ended on {}", long_date(d)),
                        None => "Yes".to_owned(),
                    },
                    a.reviews
                        .iter()
                        .map(|r| format!("{}: {}", long_date(r.reviewed_on), words(&r.outcome)))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    )];
    if b.restrictions.is_empty() {
        needs.push(Block::Text {
            heading: Some("Restrictions on contact".into()),
            paragraphs: vec!["None recorded.".into()],
        });
    }
    for (i, r) in b.restrictions.iter().enumerate() {
        needs.push(Block::Details {
            heading: Some(format!(
                "Restriction on contact {} of {}, from {}",
                i + 1,
                b.restrictions.len(),
                long_date(r.starts_on)
            )),
            rows: filled(vec![
                row(
                    "Applies to",
                    match &r.representative_name {
                        Some(n) => format!("{} ({n})", words(&r.applies_to)),
                        None => words(&r.applies_to),
                    },
                ),
                row("The behaviour", r.behaviour.clone()),
                row("Evidence", r.evidence.join("; ")),
                row(
                    "Warnings given",
                    r.warnings
                        .iter()
                        .map(|w| {
                            format!("{} warning on {}", words(&w.level), long_date(w.given_on))
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                row(
                    "Terms",
                    r.terms
                        .iter()
                        .map(|t| format!("{}: {}", words(&t.kind), t.detail))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                row(
                    "Adjustments considered (Code 5.14)",
                    r.adjustments
                        .iter()
                        .map(|a| format!("{} ({}: {})", a.description, a.effect, a.how))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                row("Why it is proportionate", r.proportionality.clone()),
                row("The Equality Act 2010 considered", r.equality_act.clone()),
                row("Decided by", name_of(b.names, Some(r.decided_by))),
                row("Review by", maybe_date(r.review_on)),
                row(
                    "Ended",
                    match (&r.ended_on, &r.end_reason) {
                        (Some(d), Some(why)) => format!("{}: {why}", long_date(*d)),
                        (Some(d), None) => long_date(*d),
                        _ => String::new(),
                    },
                ),
                row(
                    "Reviews",
                    r.reviews
                        .iter()
                        .map(|rv| match &rv.note {
                            Some(n) => format!(
                                "{}: {} ({n})",
                                long_date(rv.reviewed_on),
                                words(&rv.outcome)
                            ),
                            None => {
                                format!("{}: {}", long_date(rv.reviewed_on), words(&rv.outcome))
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            ]),
        });
    }
    let mut notes = Vec::new();
    match b.disclosures {
        Some(d) => needs.push(table(
            Some("Disclosures"),
            &[3, 8, 4],
            &["Kind", "What the resident told us", "Recorded"],
            d.iter()
                .map(|x| vec![words(&x.kind), x.description.clone(), london(x.created_at)])
                .collect(),
        )),
        None => {
            let note = "The resident's disclosures of disability or vulnerability are left out: \
                the role of the person who made this bundle may not read them."
                .to_owned();
            needs.push(Block::Text {
                heading: Some("Disclosures".into()),
                paragraphs: vec![note.clone()],
            });
            notes.push(note);
        }
    }
    sections.push(Section {
        heading: "The resident's needs".into(),
        blocks: needs,
    });

    // 6. Both stages' responses, remedies and actions with their completion.
    let mut responses = Vec::new();
    for s in std::iter::once(&v.stage1).chain(v.stage2.as_ref()) {
        let rows = filled(vec![
            row("Handled by", name_of_opt(b.names, s.handler_id)),
            row(
                "Decision",
                s.decision.as_deref().map(words).unwrap_or_default(),
            ),
            row("Reasons", text(&s.reasons)),
            row("Responded on", maybe_date(s.responded_on)),
            row(
                "In time",
                match s.responded_in_time {
                    Some(true) => "Yes".into(),
                    Some(false) => "No".into(),
                    None => String::new(),
                },
            ),
            row(
                "How to escalate, as the response said",
                text(&s.escalation_route),
            ),
        ]);
        responses.push(if s.responded_on.is_none() {
            Block::Text {
                heading: Some(format!("Stage {} response", s.stage)),
                paragraphs: vec!["No response yet.".into()],
            }
        } else {
            Block::Details {
                heading: Some(format!("Stage {} response", s.stage)),
                rows,
            }
        });
    }
    responses.push(table(
        Some("Remedies"),
        &[2, 3, 6, 3, 3, 3, 3],
        &[
            "Stage",
            "Remedy",
            "What",
            "Amount",
            "Due",
            "Status",
            "Completed on",
        ],
        v.remedies
            .iter()
            .map(|r| {
                vec![
                    format!("Stage {}", r.stage),
                    words(&r.kind),
                    r.description.clone(),
                    r.amount_pence
                        .map(|a| {
                            let parts: Vec<RemedyPart> = r
                                .parts
                                .iter()
                                .filter_map(|p| {
                                    Some(RemedyPart {
                                        failing: Failing::parse(&p.failing).ok()?,
                                        amount_pence: p.amount_pence,
                                    })
                                })
                                .collect();
                            award_in_words(a, &parts)
                        })
                        .unwrap_or_default(),
                    maybe_date(r.due_on),
                    if r.overdue {
                        format!("{} (overdue)", words(&r.status))
                    } else {
                        words(&r.status)
                    },
                    maybe_date(r.completed_on),
                ]
            })
            .collect(),
    ));
    responses.push(table(
        Some("Outstanding actions"),
        &[2, 6, 3, 3, 3, 3],
        &["Stage", "Action", "Owner", "Due", "Status", "Completed on"],
        v.outstanding_actions
            .iter()
            .map(|a| {
                vec![
                    format!("Stage {}", a.stage),
                    a.description.clone(),
                    a.owner.clone(),
                    long_date(a.due_on),
                    if a.overdue {
                        format!("{} (overdue)", words(&a.status))
                    } else {
                        words(&a.status)
                    },
                    maybe_date(a.completed_on),
                ]
            })
            .collect(),
    ));
    sections.push(Section {
        heading: "Responses, remedies and actions".into(),
        blocks: responses,
    });

    // 7. The Ombudsman, once referred.
    if let Some(o) = &v.ombudsman {
        sections.push(Section {
            heading: "The Ombudsman".into(),
            blocks: vec![
                Block::Details {
                    heading: None,
                    rows: filled(vec![
                        row("Referred to", o.ombudsman_name.clone()),
                        row("Their reference", o.ombudsman_reference.clone()),
                        row("Referred on", long_date(o.referred_on)),
                        row(
                            "Determination",
                            o.determination.as_deref().map(words).unwrap_or_default(),
                        ),
                        row("Determined on", maybe_date(o.determined_on)),
                    ]),
                },
                table(
                    Some("Requests for information"),
                    &[3, 6, 3, 3, 5],
                    &[
                        "Received",
                        "What was asked for",
                        "Due by",
                        "Answered on",
                        "What was sent",
                    ],
                    o.information_requests
                        .iter()
                        .map(|q| {
                            vec![
                                long_date(q.received_on),
                                q.description.clone(),
                                long_date(q.due_on),
                                match (q.answered_on, q.answered_late) {
                                    (Some(d), true) => format!("{} (late)", long_date(d)),
                                    (Some(d), false) => long_date(d),
                                    (None, _) if q.overdue => "Overdue".into(),
                                    (None, _) => String::new(),
                                },
                                match q.bundle_made_at {
                                    Some(at) => format!(
                                        "{} (with the evidence bundle made on {})",
                                        text(&q.sent),
                                        london(at)
                                    ),
                                    None => text(&q.sent),
                                },
                            ]
                        })
                        .collect(),
                ),
                table(
                    Some("Orders and recommendations"),
                    &[3, 6, 3, 3, 5],
                    &["Kind", "What", "Due", "Complied", "Evidence"],
                    o.orders
                        .iter()
                        .map(|x| {
                            vec![
                                words(&x.kind),
                                x.description.clone(),
                                maybe_date(x.due_on),
                                match x.complied_on {
                                    Some(d) => long_date(d),
                                    None => words(&x.status),
                                },
                                text(&x.evidence),
                            ]
                        })
                        .collect(),
                ),
            ],
        });
    }

    // 8. The files, which travel beside this document in the ZIP.
    sections.push(Section {
        heading: "Files".into(),
        blocks: vec![
            Block::Text {
                heading: None,
                paragraphs: vec![
                    "Each file is in the ZIP beside this document, under the name given here, \
                     unchanged. Its SHA-256 shows it is the file as it was received."
                        .into(),
                ],
            },
            table(
                None,
                &[6, 4, 3, 2, 5],
                &["In the ZIP", "Description", "Added on", "Stage", "SHA-256"],
                b.files
                    .iter()
                    .map(|f| {
                        let a = &f.attachment;
                        vec![
                            f.path.clone(),
                            text(&a.description),
                            london(a.uploaded_at),
                            format!("Stage {}", a.stage.number()),
                            in_groups(&a.sha256),
                        ]
                    })
                    .collect(),
            ),
        ],
    });

    let mut about = vec![
        row("Landlord", b.landlord.to_owned()),
        row("Complaint", v.reference.clone()),
        row("Resident", b.resident.name.clone()),
        row("Status", words(&v.status)),
        row("Prepared by", b.prepared_by.clone()),
        row("Prepared on", london(b.prepared_at)),
    ];
    if let Some(o) = &v.ombudsman {
        about.insert(
            2,
            row("Ombudsman's reference", o.ombudsman_reference.clone()),
        );
    }
    BundleDocument {
        title: format!("Evidence bundle: complaint {}", v.reference),
        landlord: b.landlord.to_owned(),
        footer: format!("{}, complaint {}", b.landlord, v.reference),
        about,
        notes,
        sections,
    }
}

/// A long digest in groups of eight, so it wraps in its column and reads aloud in parts.
fn in_groups(hex: &str) -> String {
    hex.as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

fn name_of_opt(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> String {
    id.map(|id| name_of(names, Some(id))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(text: &str) -> BundleDocument {
        BundleDocument {
            title: "Evidence bundle: complaint ALP-2025-0001".into(),
            landlord: "Alpha Homes".into(),
            footer: "Alpha Homes, complaint ALP-2025-0001".into(),
            about: vec![row("Complaint", "ALP-2025-0001")],
            notes: vec!["A note.".into()],
            sections: vec![Section {
                heading: "The complaint".into(),
                blocks: vec![
                    Block::Text {
                        heading: Some("In the resident's words".into()),
                        paragraphs: paragraphs(text),
                    },
                    Block::Details {
                        heading: None,
                        rows: vec![row("Category", text)],
                    },
                    table(
                        Some("Deadlines"),
                        &[1, 2],
                        &["Stage", "Due by"],
                        vec![vec!["Stage 1".into(), text.into()]],
                    ),
                    table(Some("Remedies"), &[1], &["Remedy"], vec![]),
                ],
            }],
        }
    }

    #[test]
    fn the_bundle_is_a_pdf_whatever_the_records_say() {
        // Typst markup and code in a record are shown as written, never run.
        let hostile = "#panic(\"no\") *bold* $x^2$ [link] <label> @ref `raw` \\ // not a comment\n\nSecond paragraph";
        let pdf = super::super::pdf::render(
            TEMPLATE,
            &sample(hostile),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        // Tagged, to PDF/UA-1.
        let raw = String::from_utf8_lossy(&pdf);
        assert!(raw.contains("StructTreeRoot"));
    }

    #[test]
    fn characters_the_fonts_cannot_show_still_give_a_tagged_pdf() {
        // A name in a script the shipped fonts do not cover, and an emoji: PDF/UA-1 refuses
        // them, and the bundle is still made.
        let pdf = super::super::pdf::render(
            TEMPLATE,
            &sample("王小明 𡇇 🏠 Zoë"),
            NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        )
        .unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(String::from_utf8_lossy(&pdf).contains("StructTreeRoot"));
    }

    #[test]
    fn wire_names_read_as_words_and_empty_tables_say_so() {
        assert_eq!(words("partly_upheld"), "Partly upheld");
        assert_eq!(words(""), "");
        assert!(matches!(
            table(None, &[1], &["A"], vec![]),
            Block::Text { .. }
        ));
        assert_eq!(paragraphs("a\n\n\n b \n\n"), vec!["a", "b"]);
        assert_eq!(paragraphs("  "), vec!["(Nothing was written.)"]);
        assert_eq!(in_groups("0123456789abcdef01"), "01234567 89abcdef 01");
    }
}
