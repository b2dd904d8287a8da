//! Residents of a landlord, with how they want to be contacted and in what format and
//! language, so their needs are anticipated (Code 3.1). Residents are personal data: only complaints staff reach them.

use crate::Conn;
use crate::entities::resident;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

/// A resident to record. Values are already validated by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResident {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// The landlord's own reference for the home.
    pub property_ref: Option<String>,
    /// `email`, `phone`, `letter`, `text` or `in_person`.
    pub preferred_contact: Option<String>,
    /// e.g. "large print", "BSL", "easy read".
    pub preferred_format: Option<String>,
    pub language: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resident {
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    pub property_ref: Option<String>,
    pub preferred_contact: Option<String>,
    pub preferred_format: Option<String>,
    pub language: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<resident::Model> for Resident {
    fn from(m: resident::Model) -> Self {
        Resident {
            id: m.id,
            name: m.name,
            email: m.email,
            phone: m.phone,
            address: m.address,
            property_ref: m.property_ref,
            preferred_contact: m.preferred_contact,
            preferred_format: m.preferred_format,
            language: m.language,
            created_at: m.created_at,
        }
    }
}

/// A change to a resident: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResidentChange {
    pub name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub property_ref: Option<Option<String>>,
    pub preferred_contact: Option<Option<String>>,
    pub preferred_format: Option<Option<String>>,
    pub language: Option<Option<String>>,
}

/// What `?q=` searches: name, email and property reference, lower-cased, one per line.
fn search_text(name: &str, email: Option<&str>, property_ref: Option<&str>) -> String {
    [Some(name), email, property_ref]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `LIKE` pattern matching `q` anywhere, with `!` escaping the wildcards (`!` works as the
/// escape character on SQLite and PostgreSQL alike).
fn contains_pattern(q: &str) -> String {
    let mut p = String::with_capacity(q.len() + 2);
    p.push('%');
    for c in q.to_lowercase().chars() {
        if matches!(c, '!' | '%' | '_') {
            p.push('!');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// Records a resident. Takes any connection, so complaint intake can record the resident in
/// the same transaction as the complaint.
#[tracing::instrument(skip_all)]
pub async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    new: NewResident,
) -> Result<Resident> {
    let search = search_text(&new.name, new.email.as_deref(), new.property_ref.as_deref());
    let model = resident::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(Uuid::now_v7()),
        name: Set(new.name),
        email: Set(new.email),
        phone: Set(new.phone),
        address: Set(new.address),
        property_ref: Set(new.property_ref),
        preferred_contact: Set(new.preferred_contact),
        preferred_format: Set(new.preferred_format),
        language: Set(new.language),
        search_text: Set(search),
        created_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    Ok(model.into())
}

/// One resident of this landlord; another landlord's is `NotFound`.
#[tracing::instrument(skip(db))]
pub async fn get(db: &impl ConnectionTrait, scope: TenantScope, id: Uuid) -> Result<Resident> {
    tenant::find_by_id::<resident::Entity>(scope, id)
        .one(db)
        .await?
        .map(Resident::from)
        .ok_or(StoreError::NotFound)
}

/// The landlord's residents in the order they were recorded; `q` keeps those whose name,
/// email or property reference contains it, whatever its case.
#[tracing::instrument(skip(db, q))]
pub async fn list(
    db: &impl Conn,
    scope: TenantScope,
    q: Option<&str>,
    req: PageRequest,
) -> Result<Page<Resident>> {
    let mut query = tenant::find::<resident::Entity>(scope).order_by_asc(resident::Column::Id);
    if let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) {
        query = query.filter(
            resident::Column::SearchText.like(LikeExpr::new(contains_pattern(q)).escape('!')),
        );
    }
    if let Some(after) = req.after {
        query = query.filter(resident::Column::Id.gt(after));
    }
    let rows = query
        .limit(req.limit + 1)
        .all(db)
        .await?
        .into_iter()
        .map(Resident::from)
        .collect();
    Ok(Page::from_rows(rows, req, |r: &Resident| r.id))
}

/// Changes only the fields the change names.
#[tracing::instrument(skip(db, change))]
pub async fn update(
    db: &impl Conn,
    scope: TenantScope,
    id: Uuid,
    change: ResidentChange,
) -> Result<Resident> {
    let model = tenant::find_by_id::<resident::Entity>(scope, id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let search = search_text(
        change.name.as_deref().unwrap_or(&model.name),
        match &change.email {
            Some(e) => e.as_deref(),
            None => model.email.as_deref(),
        },
        match &change.property_ref {
            Some(p) => p.as_deref(),
            None => model.property_ref.as_deref(),
        },
    );
    let mut a: resident::ActiveModel = model.into();
    if let Some(name) = change.name {
        a.name = Set(name);
    }
    if let Some(email) = change.email {
        a.email = Set(email);
    }
    if let Some(phone) = change.phone {
        a.phone = Set(phone);
    }
    if let Some(address) = change.address {
        a.address = Set(address);
    }
    if let Some(property_ref) = change.property_ref {
        a.property_ref = Set(property_ref);
    }
    if let Some(preferred_contact) = change.preferred_contact {
        a.preferred_contact = Set(preferred_contact);
    }
    if let Some(preferred_format) = change.preferred_format {
        a.preferred_format = Set(preferred_format);
    }
    if let Some(language) = change.language {
        a.language = Set(language);
    }
    a.search_text = Set(search);
    Ok(a.update(db).await?.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_the_lower_cased_name_email_and_property_reference() {
        assert_eq!(
            search_text("Ann Smith", Some("ann@example.org"), Some("HX-12/3")),
            "ann smith\nann@example.org\nhx-12/3"
        );
        assert_eq!(search_text("Ann", None, None), "ann");
    }

    #[test]
    fn wildcards_in_a_search_match_only_themselves() {
        assert_eq!(contains_pattern("50%_A!"), "%50!%!_a!!%");
    }
}
