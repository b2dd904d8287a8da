//! Landlords, their complaint schemes and closure days.

use crate::entities::{closure_day, complaint_scheme, landlord, membership};
use crate::error::corrupt;
use crate::invitations::{self, Invitation, NewInvitation};
use crate::outbox::{self, OutgoingEmail};
use crate::page::{Page, PageRequest};
use crate::tenant::{self, global};
use crate::{Conn, Purpose, Scoped};
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, NaiveDate, Utc};
use redress_domain::calendar::ClosureDay;
use redress_domain::ombudsman;
use redress_domain::remedy_guidance::RemedyBand;
use redress_domain::timescales::Timescales;
use redress_domain::values::{LandlordKind, LandlordStatus};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::BTreeMap;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Landlord {
    pub id: Uuid,
    pub name: String,
    pub slug: String,
    pub kind: LandlordKind,
    pub homes_low_cost_rental: u32,
    pub homes_low_cost_home_ownership: u32,
    pub reference_prefix: String,
    pub status: LandlordStatus,
    /// How far ahead a restriction's review may be set (Code 5.14).
    pub restriction_review_months: u32,
    /// The name letters to residents are signed with, when not the landlord's own name.
    pub letter_name: Option<String>,
    /// A logo shown at the top of letters, from an https URL.
    pub logo_url: Option<String>,
    /// Address, telephone and opening hours, in the footer of every letter.
    pub contact_block: Option<String>,
    /// Every user signs in with a second factor, not only the admins.
    pub require_mfa: bool,
    /// Goes up whenever what deadlines and letters are made from changes (schemes, their
    /// timescales, closure days, letter wording), so a copy kept in memory knows when it is
    /// out of date (docs/decisions/0008-settings-kept-in-memory.md).
    pub settings_version: i64,
    /// The landlord's own targets for its headline figures, whole percentages by figure
    /// (`redress_domain::targets`).
    pub performance_targets: BTreeMap<String, u32>,
    /// The landlord's copy of the Ombudsman's bands of financial redress; none: the shipped
    /// bands (`redress_domain::remedy_guidance`).
    pub remedy_bands: Option<Vec<RemedyBand>>,
    /// The landlord's own compensation policy, in its words.
    pub compensation_policy: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl Landlord {
    pub fn homes(&self) -> u32 {
        self.homes_low_cost_rental + self.homes_low_cost_home_ownership
    }

    /// The name letters are signed with: the letter name when set, else the landlord's name.
    pub fn name_on_letters(&self) -> &str {
        self.letter_name.as_deref().unwrap_or(&self.name)
    }
}

impl TryFrom<landlord::Model> for Landlord {
    type Error = StoreError;
    fn try_from(m: landlord::Model) -> Result<Self> {
        Ok(Landlord {
            kind: LandlordKind::parse(&m.kind).map_err(|e| corrupt("landlords.kind", e))?,
            status: LandlordStatus::parse(&m.status).map_err(|e| corrupt("landlords.status", e))?,
            id: m.id,
            name: m.name,
            slug: m.slug,
            homes_low_cost_rental: non_negative(m.homes_low_cost_rental),
            homes_low_cost_home_ownership: non_negative(m.homes_low_cost_home_ownership),
            reference_prefix: m.reference_prefix,
            restriction_review_months: non_negative(m.restriction_review_months),
            letter_name: m.letter_name,
            logo_url: m.logo_url,
            contact_block: m.contact_block,
            require_mfa: m.require_mfa,
            settings_version: m.settings_version,
            performance_targets: match m.performance_targets.as_deref() {
                None => BTreeMap::new(),
                Some(json) => serde_json::from_str(json)
                    .map_err(|e| corrupt("landlords.performance_targets", e))?,
            },
            remedy_bands: match m.remedy_bands.as_deref() {
                None => None,
                Some(json) => Some(
                    serde_json::from_str(json).map_err(|e| corrupt("landlords.remedy_bands", e))?,
                ),
            },
            compensation_policy: m.compensation_policy,
            created_at: m.created_at,
        })
    }
}

pub(crate) fn non_negative(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn as_i32(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// A complaint scheme: which Ombudsman its residents go to, and its timescales.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub ombudsman_name: String,
    pub ombudsman_contact: String,
    pub timescales: Timescales,
}

impl From<complaint_scheme::Model> for Scheme {
    fn from(m: complaint_scheme::Model) -> Self {
        Scheme {
            id: m.id,
            code: m.code,
            name: m.name,
            ombudsman_name: m.ombudsman_name,
            ombudsman_contact: m.ombudsman_contact,
            timescales: Timescales {
                stage1_acknowledge: non_negative(m.stage1_acknowledge),
                stage1_response: non_negative(m.stage1_response),
                stage1_extension: non_negative(m.stage1_extension),
                stage2_acknowledge: non_negative(m.stage2_acknowledge),
                stage2_response: non_negative(m.stage2_response),
                stage2_extension: non_negative(m.stage2_extension),
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewScheme {
    pub code: String,
    pub name: String,
    pub ombudsman_name: String,
    pub ombudsman_contact: String,
    pub timescales: Timescales,
}

impl NewScheme {
    /// The scheme every landlord starts with: housing complaints to the Housing Ombudsman,
    /// on the Code's timescales.
    pub fn housing() -> Self {
        NewScheme {
            code: "housing".into(),
            name: "Housing complaints".into(),
            ombudsman_name: ombudsman::HOUSING_OMBUDSMAN.into(),
            ombudsman_contact: ombudsman::HOUSING_OMBUDSMAN_CONTACT.into(),
            timescales: Timescales::CODE,
        }
    }

    /// A council's corporate (non-housing) complaints, which go to the LGSCO.
    pub fn corporate() -> Self {
        NewScheme {
            code: "corporate".into(),
            name: "Corporate complaints".into(),
            ombudsman_name: ombudsman::LGSCO.into(),
            ombudsman_contact: ombudsman::LGSCO_CONTACT.into(),
            timescales: Timescales::CODE,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewLandlord {
    pub name: String,
    pub slug: String,
    pub kind: LandlordKind,
    pub homes_low_cost_rental: u32,
    pub homes_low_cost_home_ownership: u32,
    pub reference_prefix: String,
}

/// Creates a landlord with the default housing scheme and an invitation for its first
/// admin, and queues the invitation email, all in one transaction.
#[tracing::instrument(skip_all, fields(slug = %new.slug))]
pub async fn create_with_admin_invitation(
    db: &DatabaseConnection,
    new: NewLandlord,
    invitation: NewInvitation,
    email: impl FnOnce(&Landlord) -> OutgoingEmail,
) -> Result<(Landlord, Invitation)> {
    let txn = Scoped::all_landlords(db, Purpose::PlatformAdmin)
        .begin()
        .await?;
    if global::find::<landlord::Entity>()
        .filter(landlord::Column::Slug.eq(new.slug.as_str()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(StoreError::Conflict(format!(
            "a landlord with the slug `{}` already exists",
            new.slug
        )));
    }
    let landlord = insert_landlord(&txn, new).await?;
    let scope = TenantScope::new(landlord.id);
    let invitation = invitations::insert(&txn, scope, invitation).await?;
    outbox::enqueue(&txn, Some(landlord.id), email(&landlord)).await?;
    txn.commit().await?;
    Ok((landlord, invitation))
}

/// Inserts a landlord, onboarding, with the default housing scheme.
async fn insert_landlord(conn: &impl ConnectionTrait, new: NewLandlord) -> Result<Landlord> {
    let now = Utc::now();
    let model = landlord::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(new.name),
        slug: Set(new.slug),
        kind: Set(new.kind.as_str().to_owned()),
        homes_low_cost_rental: Set(as_i32(new.homes_low_cost_rental)),
        homes_low_cost_home_ownership: Set(as_i32(new.homes_low_cost_home_ownership)),
        reference_prefix: Set(new.reference_prefix),
        status: Set(LandlordStatus::Onboarding.as_str().to_owned()),
        restriction_review_months: Set(i32::try_from(
            redress_domain::restrictions::DEFAULT_REVIEW_MONTHS,
        )
        .unwrap_or(6)),
        letter_name: Set(None),
        logo_url: Set(None),
        contact_block: Set(None),
        require_mfa: Set(false),
        settings_version: Set(1),
        performance_targets: Set(None),
        remedy_bands: Set(None),
        compensation_policy: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(conn)
    .await?;
    let landlord = Landlord::try_from(model)?;
    insert_scheme(conn, TenantScope::new(landlord.id), NewScheme::housing()).await?;
    Ok(landlord)
}

pub(crate) async fn insert_scheme(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    s: NewScheme,
) -> Result<Scheme> {
    let t = s.timescales;
    let model = complaint_scheme::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        code: Set(s.code),
        name: Set(s.name),
        ombudsman_name: Set(s.ombudsman_name),
        ombudsman_contact: Set(s.ombudsman_contact),
        stage1_acknowledge: Set(as_i32(t.stage1_acknowledge)),
        stage1_response: Set(as_i32(t.stage1_response)),
        stage1_extension: Set(as_i32(t.stage1_extension)),
        stage2_acknowledge: Set(as_i32(t.stage2_acknowledge)),
        stage2_response: Set(as_i32(t.stage2_response)),
        stage2_extension: Set(as_i32(t.stage2_extension)),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(model.into())
}

/// Suspends a landlord (platform admin) or reinstates it: a suspended landlord's users lose
/// access and its scheduled emails stop; nothing it holds is removed. Reinstated, it is active
/// again, or onboarding when no admin has yet accepted. Returns the landlord as it now is.
#[tracing::instrument(skip(db))]
pub async fn set_suspended(
    db: &DatabaseConnection,
    slug: &str,
    suspended: bool,
) -> Result<Landlord> {
    let txn = crate::db::begin_write(&Scoped::all_landlords(db, Purpose::PlatformAdmin)).await?;
    let current = global::find::<landlord::Entity>()
        .filter(landlord::Column::Slug.eq(slug))
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let status = if suspended {
        if current.status == LandlordStatus::Suspended.as_str() {
            return Err(StoreError::Conflict(
                "this landlord is already suspended".into(),
            ));
        }
        LandlordStatus::Suspended
    } else {
        if current.status != LandlordStatus::Suspended.as_str() {
            return Err(StoreError::Conflict(
                "this landlord is not suspended".into(),
            ));
        }
        let admins = tenant::across_landlords::<membership::Entity>(Purpose::PlatformAdmin)
            .filter(membership::Column::LandlordId.eq(current.id))
            .filter(membership::Column::Role.eq("landlord_admin"))
            .filter(membership::Column::Active.eq(true))
            .one(&txn)
            .await?;
        if admins.is_some() {
            LandlordStatus::Active
        } else {
            LandlordStatus::Onboarding
        }
    };
    let mut a: landlord::ActiveModel = current.into();
    a.status = Set(status.as_str().to_owned());
    a.updated_at = Set(Utc::now());
    let updated = a.update(&txn).await?;
    txn.commit().await?;
    Landlord::try_from(updated)
}

pub async fn find_by_slug(db: &DatabaseConnection, slug: &str) -> Result<Landlord> {
    global::find::<landlord::Entity>()
        .filter(landlord::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Landlord::try_from)
}

/// Every landlord, for the platform admin, a page at a time.
pub async fn page_all(db: &DatabaseConnection, req: PageRequest) -> Result<Page<Landlord>> {
    page_where(db, None, req).await
}

/// The landlords in which the user holds an active membership, a page at a time.
pub async fn page_for_user(
    db: &DatabaseConnection,
    user_id: Uuid,
    req: PageRequest,
) -> Result<Page<Landlord>> {
    let ids: Vec<Uuid> = tenant::across_landlords::<membership::Entity>(Purpose::Accounts)
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
        .all(&Scoped::all_landlords(db, Purpose::Accounts))
        .await?
        .into_iter()
        .map(|m| m.landlord_id)
        .collect();
    page_where(db, Some(ids), req).await
}

async fn page_where(
    db: &DatabaseConnection,
    ids: Option<Vec<Uuid>>,
    req: PageRequest,
) -> Result<Page<Landlord>> {
    let mut q = global::find::<landlord::Entity>().order_by_asc(landlord::Column::Id);
    if let Some(ids) = ids {
        q = q.filter(landlord::Column::Id.is_in(ids));
    }
    if let Some(after) = req.after {
        q = q.filter(landlord::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(Landlord::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |l| l.id))
}

pub async fn get(db: &impl ConnectionTrait, scope: TenantScope) -> Result<Landlord> {
    global::find_by_id::<landlord::Entity>(scope.landlord_id())
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(Landlord::try_from)
}

pub async fn schemes(db: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<Scheme>> {
    Ok(tenant::find::<complaint_scheme::Entity>(scope)
        .order_by_asc(complaint_scheme::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(Scheme::from)
        .collect())
}

pub async fn closure_days(
    db: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<Vec<ClosureDay>> {
    Ok(tenant::find::<closure_day::Entity>(scope)
        .order_by_asc(closure_day::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(|m| ClosureDay {
            date: m.day,
            reason: m.reason,
        })
        .collect())
}

/// A landlord's settings as one record.
#[derive(Debug, Clone)]
pub struct Settings {
    pub landlord: Landlord,
    pub schemes: Vec<Scheme>,
    pub closure_days: Vec<ClosureDay>,
}

pub async fn settings(db: &impl Conn, scope: TenantScope) -> Result<Settings> {
    Ok(Settings {
        landlord: get(db, scope).await?,
        schemes: schemes(db, scope).await?,
        closure_days: closure_days(db, scope).await?,
    })
}

/// A change to one scheme, found by its code; a new code adds a scheme.
#[derive(Debug, Clone, Default)]
pub struct SchemeChange {
    pub code: String,
    pub name: Option<String>,
    pub ombudsman_name: Option<String>,
    pub ombudsman_contact: Option<String>,
    pub timescales: Option<Timescales>,
}

/// A change to a landlord's settings; absent parts stay as they are. Values are validated
/// by the caller (timescales against the Code, text lengths).
#[derive(Debug, Clone, Default)]
pub struct SettingsChange {
    pub name: Option<String>,
    pub reference_prefix: Option<String>,
    pub homes_low_cost_rental: Option<u32>,
    pub homes_low_cost_home_ownership: Option<u32>,
    pub status: Option<LandlordStatus>,
    pub restriction_review_months: Option<u32>,
    /// Letters' branding: `Some(None)` clears a value.
    pub letter_name: Option<Option<String>>,
    pub logo_url: Option<Option<String>>,
    pub contact_block: Option<Option<String>>,
    pub require_mfa: Option<bool>,
    /// Replaces the targets for the headline figures.
    pub performance_targets: Option<BTreeMap<String, u32>>,
    /// Replaces the landlord's copy of the bands of financial redress; `Some(None)` goes back
    /// to the shipped bands.
    pub remedy_bands: Option<Option<Vec<RemedyBand>>>,
    /// `Some(None)` clears it.
    pub compensation_policy: Option<Option<String>>,
    /// Replaces the whole list of closure days.
    pub closure_days: Option<Vec<(NaiveDate, String)>>,
    pub schemes: Vec<SchemeChange>,
}

#[tracing::instrument(skip_all, fields(landlord = %scope.landlord_id()))]
/// Changes the landlord's settings. A change of closure days or of a scheme's timescales
/// moves the running deadline of every open complaint with it, in the same transaction
/// (`bank_holidays` and `today` are what those deadlines are computed from; `by` who changed
/// them, for the complaints' timelines).
pub async fn update_settings(
    db: &impl Conn,
    scope: TenantScope,
    change: SettingsChange,
    bank_holidays: &redress_domain::calendar::BankHolidays,
    today: NaiveDate,
    by: Option<Uuid>,
) -> Result<Settings> {
    let deadlines_move =
        change.closure_days.is_some() || change.schemes.iter().any(|s| s.timescales.is_some());
    let txn = crate::db::begin_write(db).await?;
    let current = global::find_by_id::<landlord::Entity>(scope.landlord_id())
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut active: landlord::ActiveModel = current.into();
    if let Some(name) = change.name {
        active.name = Set(name);
    }
    if let Some(prefix) = change.reference_prefix {
        active.reference_prefix = Set(prefix);
    }
    if let Some(n) = change.homes_low_cost_rental {
        active.homes_low_cost_rental = Set(as_i32(n));
    }
    if let Some(n) = change.homes_low_cost_home_ownership {
        active.homes_low_cost_home_ownership = Set(as_i32(n));
    }
    if let Some(status) = change.status {
        active.status = Set(status.as_str().to_owned());
    }
    if let Some(months) = change.restriction_review_months {
        active.restriction_review_months = Set(as_i32(months));
    }
    if let Some(v) = change.letter_name {
        active.letter_name = Set(v);
    }
    if let Some(v) = change.logo_url {
        active.logo_url = Set(v);
    }
    if let Some(v) = change.contact_block {
        active.contact_block = Set(v);
    }
    if let Some(v) = change.require_mfa {
        active.require_mfa = Set(v);
    }
    if let Some(targets) = change.performance_targets {
        active.performance_targets = Set(if targets.is_empty() {
            None
        } else {
            Some(
                serde_json::to_string(&targets)
                    .map_err(|e| corrupt("landlords.performance_targets", e))?,
            )
        });
    }
    if let Some(bands) = change.remedy_bands {
        active.remedy_bands = Set(match bands {
            None => None,
            Some(b) => {
                Some(serde_json::to_string(&b).map_err(|e| corrupt("landlords.remedy_bands", e))?)
            }
        });
    }
    if let Some(policy) = change.compensation_policy {
        active.compensation_policy = Set(policy);
    }
    active.updated_at = Set(Utc::now());
    active.update(&txn).await?;

    if change.closure_days.is_some() || !change.schemes.is_empty() {
        bump_settings_version(&txn, scope).await?;
    }
    if let Some(days) = change.closure_days {
        tenant::delete_many::<closure_day::Entity>(scope)
            .exec(&txn)
            .await?;
        for (day, reason) in days {
            closure_day::ActiveModel {
                landlord_id: Set(scope.landlord_id()),
                day: Set(day),
                reason: Set(reason),
            }
            .insert(&txn)
            .await?;
        }
    }

    for sc in change.schemes {
        let existing = tenant::find::<complaint_scheme::Entity>(scope)
            .filter(complaint_scheme::Column::Code.eq(sc.code.as_str()))
            .one(&txn)
            .await?;
        match existing {
            Some(model) => {
                let mut a: complaint_scheme::ActiveModel = model.into();
                if let Some(v) = sc.name {
                    a.name = Set(v);
                }
                if let Some(v) = sc.ombudsman_name {
                    a.ombudsman_name = Set(v);
                }
                if let Some(v) = sc.ombudsman_contact {
                    a.ombudsman_contact = Set(v);
                }
                if let Some(t) = sc.timescales {
                    a.stage1_acknowledge = Set(as_i32(t.stage1_acknowledge));
                    a.stage1_response = Set(as_i32(t.stage1_response));
                    a.stage1_extension = Set(as_i32(t.stage1_extension));
                    a.stage2_acknowledge = Set(as_i32(t.stage2_acknowledge));
                    a.stage2_response = Set(as_i32(t.stage2_response));
                    a.stage2_extension = Set(as_i32(t.stage2_extension));
                }
                a.update(&txn).await?;
            }
            None => {
                let base = NewScheme::housing();
                let code = sc.code.clone();
                insert_scheme(
                    &txn,
                    scope,
                    NewScheme {
                        name: sc.name.unwrap_or_else(|| code.clone()),
                        code,
                        ombudsman_name: sc.ombudsman_name.unwrap_or(base.ombudsman_name),
                        ombudsman_contact: sc.ombudsman_contact.unwrap_or(base.ombudsman_contact),
                        timescales: sc.timescales.unwrap_or(base.timescales),
                    },
                )
                .await?;
            }
        }
    }
    if deadlines_move {
        let calendar = redress_domain::calendar::WorkingCalendar::new(
            bank_holidays,
            closure_days(&txn, scope).await?,
        );
        crate::running_deadlines::recompute(&txn, scope, &calendar, today, by).await?;
    }
    txn.commit().await?;
    settings(db, scope).await
}

/// Adds a scheme to a landlord (used when seeding; the API adds schemes through settings).
pub async fn add_scheme(db: &impl Conn, scope: TenantScope, scheme: NewScheme) -> Result<Scheme> {
    let txn = db.begin().await?;
    bump_settings_version(&txn, scope).await?;
    let scheme = insert_scheme(&txn, scope, scheme).await?;
    txn.commit().await?;
    Ok(scheme)
}

/// Marks the landlord's schemes, closure days or letter templates as changed, in the
/// transaction that changes them: every server's copy in memory is out of date from the
/// moment it commits. The increment is made by the database, so two changes at once never
/// share a number.
pub(crate) async fn bump_settings_version(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
) -> Result<()> {
    global::update_many::<landlord::Entity>()
        .col_expr(
            landlord::Column::SettingsVersion,
            Expr::col(landlord::Column::SettingsVersion).add(1),
        )
        .filter(landlord::Column::Id.eq(scope.landlord_id()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Creates a landlord with the default housing scheme and no invitation (seeding; the API
/// onboards landlords with an invitation for their first admin).
pub async fn create_without_invitation(
    db: &DatabaseConnection,
    new: NewLandlord,
) -> Result<Landlord> {
    let txn = Scoped::all_landlords(db, Purpose::Operator).begin().await?;
    let landlord = insert_landlord(&txn, new).await?;
    txn.commit().await?;
    Ok(landlord)
}
