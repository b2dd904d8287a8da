//! A landlord's own wording of its letters: for a kind of letter, any of the subject, plain
//! text and HTML templates. A part it has not written keeps the default. Values are checked
//! by the caller (they must compile and render) before they are kept.

use crate::entities::letter_template;
use crate::tenant;
use crate::{Result, TenantScope};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterTemplate {
    pub kind: String,
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTime<Utc>,
}

impl From<letter_template::Model> for LetterTemplate {
    fn from(m: letter_template::Model) -> Self {
        LetterTemplate {
            kind: m.kind,
            subject: m.subject,
            text: m.text_body,
            html: m.html_body,
            updated_by: m.updated_by,
            updated_at: m.updated_at,
        }
    }
}

/// The parts a landlord writes; `None` keeps the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateParts {
    pub subject: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
}

/// Every kind the landlord has its own wording for, by kind.
pub async fn list(conn: &impl ConnectionTrait, scope: TenantScope) -> Result<Vec<LetterTemplate>> {
    Ok(tenant::find::<letter_template::Entity>(scope)
        .order_by_asc(letter_template::Column::Kind)
        .all(conn)
        .await?
        .into_iter()
        .map(LetterTemplate::from)
        .collect())
}

/// The landlord's own wording of one kind, if it has any.
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    kind: &str,
) -> Result<Option<LetterTemplate>> {
    Ok(
        tenant::find_by_id::<letter_template::Entity>(scope, kind.to_owned())
            .one(conn)
            .await?
            .map(LetterTemplate::from),
    )
}

/// Sets the landlord's wording of a kind, replacing any it had, on the caller's transaction.
#[tracing::instrument(skip(conn, parts), fields(landlord = %scope.landlord_id()))]
pub async fn put(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    kind: &str,
    parts: TemplateParts,
    actor: Option<Uuid>,
) -> Result<LetterTemplate> {
    let existing = tenant::find_by_id::<letter_template::Entity>(scope, kind.to_owned())
        .one(conn)
        .await?;
    let model = letter_template::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        kind: Set(kind.to_owned()),
        subject: Set(parts.subject),
        text_body: Set(parts.text),
        html_body: Set(parts.html),
        updated_by: Set(actor),
        updated_at: Set(Utc::now()),
    };
    let saved = match existing {
        Some(_) => model.update(conn).await?,
        None => model.insert(conn).await?,
    };
    crate::landlords::bump_settings_version(conn, scope).await?;
    Ok(saved.into())
}

/// Removes the landlord's wording of a kind; its letters go back to the default. Whether
/// there was any.
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn delete(conn: &impl ConnectionTrait, scope: TenantScope, kind: &str) -> Result<bool> {
    let res = tenant::delete_many::<letter_template::Entity>(scope)
        .filter(letter_template::Column::Kind.eq(kind))
        .exec(conn)
        .await?;
    if res.rows_affected > 0 {
        crate::landlords::bump_settings_version(conn, scope).await?;
    }
    Ok(res.rows_affected > 0)
}
