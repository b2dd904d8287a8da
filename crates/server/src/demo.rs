//! Demo data: three landlords of different kinds with a user for every role, so a newcomer
//! can sign in as anyone and see what they see.

use crate::synthetic::{self, Staff};
use anyhow::Context;
use chrono::NaiveDate;
use redress_api::auth::password::{HashCost, hash_now};
use redress_domain::calendar::BankHolidays;
use redress_domain::roles::Role;
use redress_domain::values::LandlordKind;
use redress_store::landlords::{self, NewScheme, SettingsChange};
use redress_store::{DatabaseConnection, TenantScope, complaints, contractors, memberships, users};

/// The password every demo login shares.
pub const DEMO_PASSWORD: &str = "redress-demo-2026";

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub landlord: Option<String>,
    pub role: Role,
    pub email: String,
}

struct DemoLandlord {
    name: &'static str,
    slug: &'static str,
    kind: LandlordKind,
    homes_rental: u32,
    homes_ownership: u32,
    prefix: &'static str,
    corporate_scheme: bool,
    contractor: Option<(&'static str, &'static str)>,
    closure_days: &'static [(i32, u32, u32, &'static str)],
}

const LANDLORDS: [DemoLandlord; 3] = [
    DemoLandlord {
        name: "London Borough of Northbridge",
        slug: "northbridge",
        kind: LandlordKind::LocalAuthority,
        homes_rental: 23_140,
        homes_ownership: 1_210,
        prefix: "NB",
        corporate_scheme: true,
        contractor: None,
        closure_days: &[
            (
                2025,
                12,
                29,
                "Council offices closed between Christmas and New Year",
            ),
            (
                2025,
                12,
                30,
                "Council offices closed between Christmas and New Year",
            ),
            (
                2025,
                12,
                31,
                "Council offices closed between Christmas and New Year",
            ),
            (
                2026,
                12,
                29,
                "Council offices closed between Christmas and New Year",
            ),
            (
                2026,
                12,
                30,
                "Council offices closed between Christmas and New Year",
            ),
            (
                2026,
                12,
                31,
                "Council offices closed between Christmas and New Year",
            ),
        ],
    },
    DemoLandlord {
        name: "Meridian Housing Association",
        slug: "meridian-housing",
        kind: LandlordKind::HousingAssociation,
        homes_rental: 41_800,
        homes_ownership: 6_350,
        prefix: "MHA",
        corporate_scheme: false,
        contractor: None,
        closure_days: &[],
    },
    DemoLandlord {
        name: "Brookside Homes",
        slug: "brookside-homes",
        kind: LandlordKind::HousingAssociation,
        homes_rental: 1_860,
        homes_ownership: 0,
        prefix: "BH",
        corporate_scheme: false,
        contractor: Some((
            "Keystone Property Services",
            "complaints@keystone.example.org",
        )),
        closure_days: &[(2026, 12, 24, "Staff training day")],
    },
];

const ROLES: [(Role, &str); 7] = [
    (Role::LandlordAdmin, "admin"),
    (Role::ComplaintsOfficer, "officer"),
    (Role::CaseHandler, "handler"),
    (Role::Contractor, "contractor"),
    (Role::Mrc, "mrc"),
    (Role::GoverningBody, "board"),
    (Role::PanelMember, "panel"),
];

fn person(role: Role) -> &'static str {
    match role {
        Role::PlatformAdmin => "Priya Shah",
        Role::LandlordAdmin => "Alex Morgan",
        Role::ComplaintsOfficer => "Sam Okafor",
        Role::CaseHandler => "Jordan Ellis",
        Role::Contractor => "Casey Byrne",
        Role::Mrc => "Cllr Morgan Reid",
        Role::GoverningBody => "Robin Hale",
        Role::PanelMember => "Pat Quinn",
    }
}

/// How much synthetic history to make: 1.0 is the realistic volume (about 35 stage 1
/// complaints per 1,000 homes a year, for two years); tests use a fraction.
#[derive(Debug, Clone, Copy)]
pub struct Volume(pub f64);

/// Stage 1 complaints per 1,000 homes a year that the demo history aims at.
pub const STAGE1_PER_1000_HOMES: f64 = 35.0;

/// Seeds the demo landlords and users, unless they are already there, and two years of
/// synthetic complaints for any landlord that has none. Returns every login.
pub async fn seed(
    db: &DatabaseConnection,
    cost: HashCost,
    bank_holidays: &BankHolidays,
    volume: Volume,
) -> anyhow::Result<Vec<DemoLogin>> {
    let hash = hash_now(DEMO_PASSWORD, cost)?;
    let mut logins = vec![DemoLogin {
        landlord: None,
        role: Role::PlatformAdmin,
        email: "platform@redress.example.org".into(),
    }];
    users::upsert_platform_admin(
        db,
        &logins[0].email,
        person(Role::PlatformAdmin),
        hash.clone(),
    )
    .await?;

    for d in &LANDLORDS {
        let existing = landlords::find_by_slug(db, d.slug).await;
        let landlord = match existing {
            Ok(l) => l,
            Err(redress_store::StoreError::NotFound) => {
                landlords::create_without_invitation(
                    db,
                    landlords::NewLandlord {
                        name: d.name.into(),
                        slug: d.slug.into(),
                        kind: d.kind,
                        homes_low_cost_rental: d.homes_rental,
                        homes_low_cost_home_ownership: d.homes_ownership,
                        reference_prefix: d.prefix.into(),
                    },
                )
                .await?
            }
            Err(e) => return Err(e.into()),
        };
        let scope = TenantScope::for_system_task(landlord.id);
        let schemes = landlords::schemes(db, scope).await?;
        if d.corporate_scheme && !schemes.iter().any(|s| s.code == "corporate") {
            landlords::add_scheme(db, scope, NewScheme::corporate()).await?;
        }
        let closure_days: Vec<(NaiveDate, String)> = d
            .closure_days
            .iter()
            .filter_map(|(y, m, day, why)| {
                NaiveDate::from_ymd_opt(*y, *m, *day).map(|date| (date, (*why).to_owned()))
            })
            .collect();
        landlords::update_settings(
            db,
            scope,
            SettingsChange {
                status: Some(redress_domain::values::LandlordStatus::Active),
                closure_days: Some(closure_days),
                // The landlord's own targets, shown beside the dashboard's figures.
                performance_targets: Some(
                    [
                        ("stage1_acknowledged_in_time", 100),
                        ("stage1_responded_in_time", 95),
                        ("stage2_acknowledged_in_time", 100),
                        ("stage2_responded_in_time", 95),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect(),
                ),
                compensation_policy: Some(Some(
                    "We pay £10 for each missed repair appointment, and £15 for each week a \
                     repair goes past its target date. We consider more where the resident was \
                     put to cost or distress, using the Ombudsman's bands."
                        .to_owned(),
                )),
                ..SettingsChange::default()
            },
            bank_holidays,
            redress_api::time::today(),
            None,
        )
        .await?;
        let contractor_name = d.contractor.map(|c| c.0).unwrap_or("Harbour Repairs Ltd");
        let contractor_email = d
            .contractor
            .map(|c| c.1)
            .unwrap_or("complaints@harbour-repairs.example.org");
        let existing_contractors = contractors::list(
            db,
            scope,
            redress_store::page::PageRequest {
                limit: 200,
                after: None,
            },
        )
        .await?;
        let contractor = match existing_contractors
            .items
            .into_iter()
            .find(|c| c.name == contractor_name)
        {
            Some(c) => c,
            None => {
                contractors::create(db, scope, contractor_name.into(), contractor_email.into())
                    .await?
            }
        };
        let domain = format!("{}.example.org", d.slug);
        let mut ids = std::collections::HashMap::new();
        for (role, local) in ROLES {
            let email = format!("{local}@{domain}");
            let user =
                users::upsert_with_password(db, &email, person(role), hash.clone(), false).await?;
            let contractor_id = (role == Role::Contractor).then_some(contractor.id);
            match memberships::get_user(db, scope, user.id).await {
                Ok(_) => {}
                Err(redress_store::StoreError::NotFound) => {
                    memberships::grant(db, scope, user.id, role, contractor_id).await?;
                }
                Err(e) => return Err(e.into()),
            }
            ids.insert(role, user.id);
            logins.push(DemoLogin {
                landlord: Some(d.slug.to_owned()),
                role,
                email,
            });
        }
        if complaints::count(db, scope).await? == 0 {
            let officer = *ids.get(&Role::ComplaintsOfficer).context("demo officer")?;
            let handler = *ids.get(&Role::CaseHandler).context("demo handler")?;
            let contractor_user = *ids.get(&Role::Contractor).context("demo contractor")?;
            let staff = Staff {
                officer,
                handlers: vec![handler],
                contractor: d.contractor.map(|_| (contractor.id, contractor_user)),
            };
            let today = redress_api::time::today();
            let from = today - chrono::Duration::days(730);
            let homes = f64::from(d.homes_rental + d.homes_ownership);
            let count = (homes / 1000.0 * STAGE1_PER_1000_HOMES * 2.0 * volume.0).round() as usize;
            let seed = d
                .slug
                .bytes()
                .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
            let summary =
                synthetic::generate(db, scope, bank_holidays, &staff, from, today, count, seed)
                    .await?;
            tracing::info!(
                landlord = d.slug,
                ?summary,
                "synthetic complaints generated"
            );
            synthetic::residents_needs(db, scope, officer, today, seed).await?;
            synthetic::ombudsman_requests(db, scope, officer, today).await?;
        }
        crate::demo_reports::seed(
            db,
            scope,
            bank_holidays,
            *ids.get(&Role::LandlordAdmin).context("demo admin")?,
            *ids.get(&Role::GoverningBody)
                .context("demo governing body")?,
            redress_api::time::today(),
        )
        .await?;
        // The day's early warning, so the demo opens with what its records show (Code 9.4).
        let calendar = redress_domain::calendar::WorkingCalendar::new(
            bank_holidays,
            landlords::closure_days(db, scope).await?,
        );
        let targets = landlords::get(db, scope).await?.performance_targets;
        redress_store::early_warning::detect(
            db,
            scope,
            &calendar,
            &targets,
            redress_api::time::today(),
        )
        .await?;
    }
    Ok(logins)
}

/// The text printed when the demo starts.
pub fn banner(url: &str, logins: &[DemoLogin], require_mfa: bool) -> String {
    let second_factor = if require_mfa {
        "Platform and landlord admins set up an authenticator app (any TOTP app) the first time\n\
         they sign in; REDRESS_REQUIRE_MFA=false turns that off for a trial.\n"
    } else {
        "A second factor is not required (REDRESS_REQUIRE_MFA=false).\n"
    };
    let mut out = format!(
        "\nRedress demo is running on {url}\n\
         API documentation: {url}/api/docs/\n\
         Sign in with POST {url}/api/v1/auth/login {{\"email\", \"password\"}}.\n\
         Every demo login's password is: {DEMO_PASSWORD}\n\
         {second_factor}\n\
         {:<18} {:<20} email\n",
        "landlord", "role"
    );
    for l in logins {
        out.push_str(&format!(
            "{:<18} {:<20} {}\n",
            l.landlord.as_deref().unwrap_or("(platform)"),
            l.role.as_str(),
            l.email
        ));
    }
    out
}
