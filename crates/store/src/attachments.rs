//! The documents of a complaint's record (Code 5.12): files kept in an object store (a local
//! folder, or S3-compatible storage) with what is known of each in the `attachments` table.
//!
//! Objects are keyed `{landlord_id}/{complaint_id}/{attachment_id}`, never by the name the
//! user gave, so a file name can neither reach another landlord's objects nor another path.
//! The object is written first and the row second: a row always has its bytes, and when the
//! row cannot be written the caller deletes the object again.

use crate::complaints::{self, NewEvent, Representative};
use crate::correspondence::current_stage;
use crate::entities::{attachment, complaint};
use crate::error::corrupt;
use crate::page::{Page, PageRequest};
use crate::tenant;
use crate::{Result, StoreError, TenantScope};
use anyhow::Context;
use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::stream::{BoxStream, StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use redress_domain::complaint::Stage;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

/// Where attachments' bytes are kept.
#[derive(Clone)]
pub struct AttachmentStore {
    inner: Arc<dyn ObjectStore>,
    location: String,
}

impl std::fmt::Debug for AttachmentStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentStore")
            .field("location", &self.location)
            .finish()
    }
}

impl AttachmentStore {
    /// The store a URL names: `file:///absolute/folder`, a plain folder path, or
    /// `s3://bucket/optional/prefix` (S3 or S3-compatible; credentials, region and endpoint
    /// come from the usual `AWS_*` variables, e.g. `AWS_ENDPOINT` and `AWS_ALLOW_HTTP`).
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if let Some(path) = url.strip_prefix("file://") {
            anyhow::ensure!(
                path.starts_with('/'),
                "a file:// attachments URL needs an absolute path (file:///srv/attachments)"
            );
            return Self::local(path);
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            return Self::s3(rest);
        }
        if let Some((scheme, _)) = url.split_once("://") {
            anyhow::bail!(
                "attachments in `{scheme}://` storage are not supported; use file:// or s3://"
            );
        }
        Self::local(url)
    }

    /// A folder on the local disk, created if needed. Writes are synced to disk before they
    /// count as done: a recorded attachment is never lost to a crash.
    pub fn local(dir: impl AsRef<std::path::Path>) -> anyhow::Result<Self> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let fs = LocalFileSystem::new_with_prefix(dir)
            .with_context(|| format!("opening {} for attachments", dir.display()))?
            .with_fsync(true);
        Ok(AttachmentStore {
            inner: Arc::new(fs),
            location: format!("file://{}", dir.display()),
        })
    }

    fn s3(rest: &str) -> anyhow::Result<Self> {
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        anyhow::ensure!(
            !bucket.is_empty(),
            "an s3:// attachments URL names a bucket"
        );
        // The HTTP client's TLS runs on ring, as the rest of the server does; the provider is
        // process-wide and may already be installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let s3 = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .build()
            .with_context(|| format!("configuring the S3 bucket {bucket}"))?;
        let prefix = prefix.trim_matches('/');
        let inner: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix))
        };
        Ok(AttachmentStore {
            inner,
            location: format!("s3://{rest}"),
        })
    }

    /// Where the bytes go, for the logs.
    pub fn location(&self) -> &str {
        &self.location
    }

    fn key(scope: TenantScope, complaint_id: Uuid, id: Uuid) -> ObjectPath {
        ObjectPath::from_iter([
            scope.landlord_id().to_string(),
            complaint_id.to_string(),
            id.to_string(),
        ])
    }

    /// Copies every object of this store into `to` (a backup, or its restore), keeping the
    /// keys; an object already there is written again. The number of objects copied.
    pub async fn copy_all_to(&self, to: &AttachmentStore) -> anyhow::Result<usize> {
        let mut listing = self.inner.list(None);
        let mut copied = 0;
        while let Some(meta) = listing.next().await {
            let meta = meta.with_context(|| format!("listing {}", self.location))?;
            let bytes = self
                .inner
                .get(&meta.location)
                .await
                .with_context(|| format!("reading {} from {}", meta.location, self.location))?
                .bytes()
                .await
                .with_context(|| format!("reading {} from {}", meta.location, self.location))?;
            to.inner
                .put(&meta.location, PutPayload::from_bytes(bytes))
                .await
                .with_context(|| format!("writing {} to {}", meta.location, to.location))?;
            copied += 1;
        }
        Ok(copied)
    }

    /// Writes an attachment's bytes.
    #[tracing::instrument(skip(self, bytes), fields(landlord = %scope.landlord_id(), size = bytes.len()))]
    pub async fn put(
        &self,
        scope: TenantScope,
        complaint_id: Uuid,
        id: Uuid,
        bytes: Bytes,
    ) -> anyhow::Result<()> {
        self.inner
            .put(
                &Self::key(scope, complaint_id, id),
                PutPayload::from_bytes(bytes),
            )
            .await
            .with_context(|| format!("writing attachment {id} to {}", self.location))?;
        Ok(())
    }

    /// Reads an attachment's bytes as a stream.
    #[tracing::instrument(skip(self), fields(landlord = %scope.landlord_id()))]
    pub async fn open(
        &self,
        scope: TenantScope,
        complaint_id: Uuid,
        id: Uuid,
    ) -> anyhow::Result<BoxStream<'static, std::io::Result<Bytes>>> {
        let found = self
            .inner
            .get(&Self::key(scope, complaint_id, id))
            .await
            .with_context(|| format!("reading attachment {id} from {}", self.location))?;
        Ok(found.into_stream().map_err(std::io::Error::other).boxed())
    }

    /// Removes an attachment's bytes: only ever for an upload whose row was not written.
    #[tracing::instrument(skip(self), fields(landlord = %scope.landlord_id()))]
    pub async fn delete(
        &self,
        scope: TenantScope,
        complaint_id: Uuid,
        id: Uuid,
    ) -> anyhow::Result<()> {
        self.inner
            .delete(&Self::key(scope, complaint_id, id))
            .await
            .with_context(|| format!("deleting attachment {id} from {}", self.location))
    }
}

/// An attachment whose bytes are already in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// The id its bytes were stored under.
    pub id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    pub description: Option<String>,
    pub uploaded_by: Option<Uuid>,
    /// The day it was added, for the timeline.
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: Uuid,
    pub complaint_id: Uuid,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub description: Option<String>,
    /// The complaint's stage when it was added.
    pub stage: Stage,
    pub uploaded_by: Option<Uuid>,
    pub uploaded_at: DateTime<Utc>,
}

impl TryFrom<attachment::Model> for Attachment {
    type Error = StoreError;
    fn try_from(m: attachment::Model) -> Result<Self> {
        Ok(Attachment {
            stage: Stage::from_number(m.stage)
                .ok_or_else(|| corrupt("attachments.stage", m.stage))?,
            size_bytes: u64::try_from(m.size_bytes)
                .map_err(|e| corrupt("attachments.size_bytes", e))?,
            id: m.id,
            complaint_id: m.complaint_id,
            file_name: m.file_name,
            content_type: m.content_type,
            sha256: m.sha256,
            description: m.description,
            uploaded_by: m.uploaded_by,
            uploaded_at: m.uploaded_at,
        })
    }
}

/// Records an attachment of a complaint with its `attachment_added` event on the timeline, on
/// the caller's connection or transaction.
#[tracing::instrument(skip(conn, new), fields(landlord = %scope.landlord_id()))]
pub async fn insert(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    new: NewAttachment,
) -> Result<Attachment> {
    let stage = current_stage(conn, scope, complaint_id).await?;
    let size =
        i64::try_from(new.size_bytes).map_err(|_| StoreError::invalid("file", "is too large"))?;
    let model = attachment::ActiveModel {
        landlord_id: Set(scope.landlord_id()),
        id: Set(new.id),
        complaint_id: Set(complaint_id),
        file_name: Set(new.file_name.clone()),
        content_type: Set(new.content_type.clone()),
        size_bytes: Set(size),
        sha256: Set(new.sha256.clone()),
        description: Set(new.description.clone()),
        stage: Set(stage.number()),
        uploaded_by: Set(new.uploaded_by),
        uploaded_at: Set(Utc::now()),
    }
    .insert(conn)
    .await?;
    complaints::insert_event(
        conn,
        scope,
        complaint_id,
        NewEvent {
            kind: "attachment_added",
            stage: Some(stage),
            effective_on: new.on,
            actor: new.uploaded_by,
            data: json!({
                "attachment_id": new.id,
                "file_name": new.file_name,
                "content_type": new.content_type,
                "size_bytes": new.size_bytes,
                "sha256": new.sha256,
                "description": new.description,
            }),
        },
    )
    .await?;
    Attachment::try_from(model)
}

/// One attachment of a complaint.
pub async fn get(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    id: Uuid,
) -> Result<Attachment> {
    tenant::find_by_id::<attachment::Entity>(scope, id)
        .one(conn)
        .await?
        .filter(|m| m.complaint_id == complaint_id)
        .ok_or(StoreError::NotFound)
        .and_then(Attachment::try_from)
}

/// A page of a complaint's attachments, oldest first (cursor: the last id of the previous
/// page). With `only_stage`, just those added at that stage.
pub async fn list(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    only_stage: Option<Stage>,
    req: PageRequest,
) -> Result<Page<Attachment>> {
    let mut q = tenant::find::<attachment::Entity>(scope)
        .filter(attachment::Column::ComplaintId.eq(complaint_id))
        .order_by_asc(attachment::Column::Id);
    if let Some(stage) = only_stage {
        q = q.filter(attachment::Column::Stage.eq(stage.number()));
    }
    if let Some(after) = req.after {
        q = q.filter(attachment::Column::Id.gt(after));
    }
    let rows = q
        .limit(req.limit + 1)
        .all(conn)
        .await?
        .into_iter()
        .map(Attachment::try_from)
        .collect::<Result<Vec<_>>>()?;
    Ok(Page::from_rows(rows, req, |a: &Attachment| a.id))
}

/// The positions in `ids` that are not attachments of this complaint.
async fn unknown_positions(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<usize>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let known: HashSet<Uuid> = tenant::find::<attachment::Entity>(scope)
        .filter(attachment::Column::ComplaintId.eq(complaint_id))
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    Ok(ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !known.contains(id))
        .map(|(i, _)| i)
        .collect())
}

/// Refuses, naming `field[i]`, the first id that is not an attachment of this complaint.
pub async fn check_ids(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    ids: &[Uuid],
    field: &str,
) -> Result<()> {
    match unknown_positions(conn, scope, complaint_id, ids)
        .await?
        .first()
    {
        Some(i) => Err(StoreError::invalid(
            format!("{field}[{i}]"),
            "is not an attachment of this complaint",
        )),
        None => Ok(()),
    }
}

/// Links an uploaded attachment to the representative as the evidence of the resident's
/// consent (Code 3.6), with a `consent_evidence_attached` event, on the caller's transaction.
/// Returns the representative as now recorded.
#[tracing::instrument(skip(conn), fields(landlord = %scope.landlord_id()))]
pub async fn attach_consent_evidence(
    conn: &impl ConnectionTrait,
    scope: TenantScope,
    complaint_id: Uuid,
    attachment_id: Uuid,
    actor: Option<Uuid>,
    on: NaiveDate,
) -> Result<Representative> {
    let row = tenant::find_by_id::<complaint::Entity>(scope, complaint_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let stage = Stage::from_number(row.current_stage)
        .ok_or_else(|| corrupt("complaints.current_stage", row.current_stage))?;
    let Some(stored) = row.representative else {
        return Err(StoreError::Conflict(
            "this complaint has no representative whose consent the evidence would show (Code 3.6)"
                .into(),
        ));
    };
    if !unknown_positions(conn, scope, complaint_id, &[attachment_id])
        .await?
        .is_empty()
    {
        return Err(StoreError::invalid(
            "attachment_id",
            "is not an attachment of this complaint",
        ));
    }
    let mut representative: Representative =
        serde_json::from_str(&stored).map_err(|e| corrupt("complaints.representative", e))?;
    representative.consent_attachment_id = Some(attachment_id);
    let updated = serde_json::to_string(&representative)
        .map_err(|e| corrupt("complaints.representative", e))?;
    // Guarded by the representative as read, so two changes at once cannot both succeed.
    let result = tenant::update_many::<complaint::Entity>(scope)
        .col_expr(complaint::Column::Representative, Expr::value(updated))
        .col_expr(complaint::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(complaint::Column::Id.eq(complaint_id))
        .filter(complaint::Column::Representative.eq(stored))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::Conflict(
            "the complaint was changed by someone else meanwhile; reload it and try again".into(),
        ));
    }
    complaints::insert_event(
        conn,
        scope,
        complaint_id,
        NewEvent {
            kind: "consent_evidence_attached",
            stage: Some(stage),
            effective_on: on,
            actor,
            data: json!({"attachment_id": attachment_id}),
        },
    )
    .await?;
    Ok(representative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_keyed_by_landlord_complaint_and_id_only() {
        let (l, c, a) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let key = AttachmentStore::key(TenantScope::for_system_task(l), c, a);
        assert_eq!(key.as_ref(), format!("{l}/{c}/{a}"));
    }

    #[test]
    fn the_url_chooses_the_store() {
        let dir = std::env::temp_dir().join(format!("redress-attachments-{}", Uuid::now_v7()));
        let url = format!("file://{}", dir.display());
        let store = AttachmentStore::from_url(&url).unwrap();
        assert_eq!(store.location(), url);
        assert!(dir.is_dir());
        assert!(AttachmentStore::from_url("file://relative/path").is_err());
        assert!(AttachmentStore::from_url("gs://bucket").is_err());
        assert!(AttachmentStore::from_url("s3://").is_err());
        let s3 = AttachmentStore::from_url("s3://complaints/redress/attachments").unwrap();
        assert_eq!(s3.location(), "s3://complaints/redress/attachments");
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn bytes_written_are_read_back_and_deleted() {
        let dir = std::env::temp_dir().join(format!("redress-attachments-{}", Uuid::now_v7()));
        let store = AttachmentStore::local(&dir).unwrap();
        let scope = TenantScope::for_system_task(Uuid::now_v7());
        let (c, a) = (Uuid::now_v7(), Uuid::now_v7());
        store
            .put(scope, c, a, Bytes::from_static(b"%PDF-1.7 a letter"))
            .await
            .unwrap();
        let read: Vec<Bytes> = store
            .open(scope, c, a)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(read.concat(), b"%PDF-1.7 a letter");
        store.delete(scope, c, a).await.unwrap();
        assert!(store.open(scope, c, a).await.is_err());
        std::fs::remove_dir_all(dir).ok();
    }
}
