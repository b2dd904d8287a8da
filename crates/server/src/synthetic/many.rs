//! Many landlords at once, for benchmarks, and the residents' needs the demo shows.

use super::*;
use redress_domain::restrictions::AdjustmentEffect;

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
        let active = adjustments::active_for_resident(db, scope, r.id).await?;
        let equality_act = if active.is_empty() {
            "No protected characteristic is engaged by limiting contact to writing."
        } else {
            "Written contact keeps the resident's reasonable adjustments in place; letters follow the agreed format."
        };
        // Code 5.14: each adjustment in force is named, with how the restriction keeps it.
        let considered: Vec<restrictions::AdjustmentConsidered> = active
            .iter()
            .map(|a| restrictions::AdjustmentConsidered {
                adjustment_id: a.id,
                description: a.description.clone(),
                effect: AdjustmentEffect::Kept.as_str().to_owned(),
                how: "Kept as agreed: the single point of contact follows it in every letter and call."
                    .to_owned(),
            })
            .collect();
        let named: Vec<(uuid::Uuid, &str)> = considered
            .iter()
            .map(|c| (c.adjustment_id, c.how.as_str()))
            .collect();
        let problems = restrictions::check_adjustments_considered(&active, &named);
        if !problems.is_empty() {
            anyhow::bail!("demo restriction refused: {problems:?}");
        }
        let proportionality = "Abusive calls continued after warnings; the resident can still raise every concern in writing.";
        redress_domain::restrictions::check(&redress_domain::restrictions::RestrictionTerms {
            starts_on,
            review_on,
            proportionality,
            equality_act,
            warnings_given_on: &[warned],
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
                adjustments: considered,
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

/// Two complaints closed after stage 2 that the residents took to the Ombudsman, each with a
/// request from the Ombudsman for information: one past the date it gave, one due within a
/// fortnight. The worklist, the reminders and the dashboard show them.
pub async fn ombudsman_requests(
    db: &DatabaseConnection,
    scope: TenantScope,
    officer: Uuid,
    today: NaiveDate,
) -> anyhow::Result<()> {
    use redress_store::complaints::{Filter, Visibility};
    use redress_store::ombudsman::{self, NewReferral, NewRequest};
    let closed = complaints::list(
        db,
        scope,
        Visibility::All,
        &Filter {
            status: Some(Status::Closed),
            stage: Some(Stage::Two),
            ..Filter::default()
        },
        redress_store::page::PageRequest {
            limit: 2,
            after: None,
        },
    )
    .await?;
    let asks = [
        (
            20,
            -3,
            "The complaint file: the stage 1 and stage 2 responses, the repair records for the \
             property since January and the call notes.",
        ),
        (
            4,
            10,
            "An explanation of why the stage 2 response took longer than 20 working days, and \
             what was offered for the delay.",
        ),
    ];
    for (i, (line, (ago, due_in, what))) in closed.items.iter().zip(asks).enumerate() {
        let case = complaints::load(db, scope, line.id).await?;
        let Some(closed_on) = case.complaint.closed_on else {
            continue;
        };
        let referred_on = (closed_on + Duration::days(14)).min(today);
        let reference = format!("2026{:05}", 1200 + i);
        ombudsman::refer(
            db,
            scope,
            line.id,
            Status::Closed,
            NewReferral {
                referred_on,
                ombudsman_name: "Housing Ombudsman Service".to_owned(),
                ombudsman_reference: reference.clone(),
                created_by: Some(officer),
            },
            NewEvent {
                kind: "ombudsman_referred",
                stage: Some(Stage::Two),
                effective_on: referred_on,
                actor: Some(officer),
                data: json!({"referred_on": referred_on,
                             "ombudsman_name": "Housing Ombudsman Service",
                             "ombudsman_reference": reference}),
            },
        )
        .await?;
        let received_on = (today - Duration::days(ago)).max(referred_on);
        let due_on = (today + Duration::days(due_in)).max(received_on);
        ombudsman::add_request(
            db,
            scope,
            line.id,
            NewRequest {
                received_on,
                description: what.to_owned(),
                due_on,
                created_by: Some(officer),
            },
            NewEvent {
                kind: "ombudsman_request_received",
                stage: Some(Stage::Two),
                effective_on: received_on,
                actor: Some(officer),
                data: json!({"description": what, "due_on": due_on}),
            },
        )
        .await?;
    }
    Ok(())
}
