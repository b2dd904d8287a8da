//! Every document of a complaint's record (Code 5.12): uploaded by those who work on the case,
//! listed and downloaded by those who may read it, never changed or removed. The evidence of a
//! representative's authority (Code 3.6) is one of them.

use super::files::{self, clean_file_name, content_disposition};
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::case_file::{AttachmentsPage, CaseFile};
use crate::auth::extract::{CaseReaders, CaseWorkers};
use crate::error::{ApiError, Fields, Problem};
use crate::json::Json;
use crate::page::{Page, PageQuery};
use crate::time::today;
use crate::use_cases::case::{Caller, load};
use actix_multipart::{Multipart, MultipartError};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::StreamExt;
use redress_domain::values::required_text;
use redress_store::StoreError;
use redress_store::attachments::{self, Attachment, NewAttachment};
use redress_store::complaints::Representative;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

/// Room for the multipart framing and the description around the file itself.
const FORM_OVERHEAD: u64 = 64 * 1024;
/// The longest description read from the form.
const DESCRIPTION_MAX_BYTES: usize = 8 * 1024;

/// What is known of an attached file.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentView {
    pub id: Uuid,
    pub complaint_id: Uuid,
    /// The name it was uploaded with, cleaned of paths and control characters.
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
    pub description: Option<String>,
    /// The complaint's stage when it was added.
    pub stage: i32,
    pub uploaded_by: Option<Uuid>,
    pub uploaded_at: DateTime<Utc>,
}

impl From<Attachment> for AttachmentView {
    fn from(a: Attachment) -> Self {
        AttachmentView {
            id: a.id,
            complaint_id: a.complaint_id,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
            description: a.description,
            stage: a.stage.number(),
            uploaded_by: a.uploaded_by,
            uploaded_at: a.uploaded_at,
        }
    }
}

/// The upload form (`multipart/form-data`).
#[derive(Debug, ToSchema)]
pub struct UploadForm {
    /// The file, with its content type and name: PDF, PNG, JPEG, GIF, WebP, HEIC, plain text,
    /// CSV, Word, Excel, OpenDocument text or spreadsheet, an email (.eml, .msg) or an MP3,
    /// M4A or WAV recording; at most the configured size (20 MiB unless set otherwise).
    #[schema(value_type = String, content_media_type = "application/octet-stream")]
    pub file: Vec<u8>,
    /// What the file is, e.g. "photo of the damp in the back bedroom".
    pub description: Option<String>,
}

/// An uploaded file as read from the form, before it is accepted.
struct Upload {
    file_name: String,
    declared: Option<String>,
    content: web::BytesMut,
}

fn too_large(max: u64) -> ApiError {
    ApiError::invalid(
        "file",
        format!(
            "is larger than the limit of {max} bytes ({})",
            human_size(max)
        ),
    )
}

fn human_size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

fn unreadable(err: MultipartError) -> ApiError {
    match err {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible
        | MultipartError::BoundaryMissing => {
            ApiError::BadRequest("send the file as multipart/form-data with a `file` part".into())
        }
        other => ApiError::BadRequest(format!("the upload could not be read: {other}")),
    }
}

/// Reads the form: one `file` part (never more than `max` bytes of it) and an optional
/// `description`.
async fn read_form(
    mut form: Multipart,
    max: u64,
) -> Result<(Option<Upload>, Option<String>), ApiError> {
    let limit = usize::try_from(max).unwrap_or(usize::MAX);
    let mut file: Option<Upload> = None;
    let mut description: Option<String> = None;
    while let Some(part) = form.next().await {
        let mut part = part.map_err(unreadable)?;
        let name = part.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "file" => {
                if file.is_some() {
                    return Err(ApiError::invalid("file", "send one file per upload"));
                }
                let file_name = part
                    .content_disposition()
                    .and_then(|d| d.get_filename())
                    .map(clean_file_name)
                    .unwrap_or_else(|| "attachment".into());
                let declared = part.content_type().map(|m| m.essence_str().to_owned());
                let mut content = web::BytesMut::new();
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(unreadable)?;
                    if content.len().saturating_add(chunk.len()) > limit {
                        return Err(too_large(max));
                    }
                    content.extend_from_slice(&chunk);
                }
                file = Some(Upload {
                    file_name,
                    declared,
                    content,
                });
            }
            "description" => {
                let mut text = Vec::new();
                while let Some(chunk) = part.next().await {
                    let chunk = chunk.map_err(unreadable)?;
                    if text.len() + chunk.len() > DESCRIPTION_MAX_BYTES {
                        return Err(ApiError::invalid(
                            "description",
                            "must be at most 2000 characters",
                        ));
                    }
                    text.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(text)
                    .map_err(|_| ApiError::invalid("description", "must be UTF-8 text"))?;
                description = Some(text);
            }
            other => {
                return Err(ApiError::invalid(
                    if other.is_empty() { "body" } else { other },
                    "is not a part of this form; send `file` and, if you like, `description`",
                ));
            }
        }
    }
    Ok((file, description))
}

/// Adds a file to the complaint's record (Code 5.12), at its current stage, with an
/// `attachment_added` event on the timeline. The declared type and the file's content must
/// agree and be of an accepted kind; programs are never accepted.
#[utoipa::path(
    operation_id = "complaints_upload_attachment",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = AttachmentView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/attachments")]
pub async fn upload(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    req: HttpRequest,
    form: Multipart,
) -> Result<HttpResponse, ApiError> {
    let (_, id) = path.into_inner();
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, id).await?;
    caller.may_work_on(&loaded.case)?;
    let max = state.attachment_max_bytes;
    // A body that says it is too large is refused before any of it is read.
    let declared_length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_length.is_some_and(|n| n > max.saturating_add(FORM_OVERHEAD)) {
        return Err(too_large(max));
    }
    let (file, description) = read_form(form, max).await?;
    let mut f = Fields::new();
    let description = description
        .filter(|d| !d.trim().is_empty())
        .and_then(|d| f.check("description", required_text(&d, 2_000)));
    let kind = match &file {
        Some(u) => f.check(
            "file",
            files::check(u.declared.as_deref(), &u.file_name, &u.content),
        ),
        None => {
            f.push("file", "is required");
            None
        }
    };
    f.finish()?;
    let (Some(file), Some(kind)) = (file, kind) else {
        return Err(ApiError::invalid("file", "is required"));
    };
    let content = file.content.freeze();
    let sha256 = format!("{:x}", Sha256::digest(&content));
    let size_bytes = u64::try_from(content.len()).unwrap_or(u64::MAX);
    let attachment_id = Uuid::now_v7();
    // The bytes first, then the row: a recorded attachment always has its content.
    state
        .attachments
        .put(tenant.scope, id, attachment_id, content)
        .await?;
    let new = NewAttachment {
        id: attachment_id,
        file_name: file.file_name,
        content_type: kind.content_type.to_owned(),
        size_bytes,
        sha256,
        description,
        uploaded_by: Some(tenant.user_id),
        on: today(),
    };
    let inserted = async {
        let txn = redress_store::db::begin_write(&tenant.db).await?;
        let a = attachments::insert(&txn, tenant.scope, id, new).await?;
        Ok::<_, StoreError>((txn, a))
    }
    .await;
    let (txn, attachment) = match inserted {
        Ok(done) => done,
        Err(err) => {
            if let Err(cleanup) = state
                .attachments
                .delete(tenant.scope, id, attachment_id)
                .await
            {
                tracing::warn!(error = ?cleanup, %attachment_id, "could not remove the bytes of an attachment that was not recorded");
            }
            return Err(err.into());
        }
    };
    // A failed commit may still have committed: the bytes stay, so a row never lacks them.
    redress_store::db::commit(txn).await?;
    Ok(HttpResponse::Created().json(AttachmentView::from(attachment)))
}

/// What is known of each file on the complaint's record, oldest first, paged by cursor.
/// Contractors see those added at stage 1 only; the MRC's reading is audited.
#[utoipa::path(
    operation_id = "complaints_list_attachments",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        PageQuery,
    ),
    responses(
        (status = 200, body = Page<AttachmentView>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/attachments")]
pub async fn list(
    file: CaseFile<AttachmentsPage>,
) -> Result<web::Json<Page<AttachmentView>>, ApiError> {
    let t = &file.tenant;
    let page = attachments::list(
        &t.db,
        t.scope,
        file.id(),
        file.caller.visible_stage(),
        file.reading.0,
    )
    .await?;
    Ok(web::Json(Page::from_store(page, AttachmentView::from)))
}

/// The file's content, as a download (never shown inline), with its content type. The MRC's
/// downloads are audited.
#[utoipa::path(
    operation_id = "complaints_download_attachment",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
        ("aid" = Uuid, Path, description = "The attachment's id"),
    ),
    responses(
        (status = 200, description = "The file, with its content type and name", body = String, content_type = "application/octet-stream"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/attachments/{aid}")]
pub async fn download(
    state: web::Data<AppState>,
    tenant: Tenant<CaseReaders>,
    path: web::Path<(String, Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (_, id, aid) = path.into_inner();
    let caller = Caller::from(&tenant);
    load(&state, tenant.scope, &tenant.landlord, &caller, id).await?;
    let attachment = attachments::get(&tenant.db, tenant.scope, id, aid).await?;
    if !caller.sees_stage(attachment.stage) {
        return Err(ApiError::NotFound);
    }
    tenant
        .audit_mrc_read(
            &tenant.db,
            "complaint.attachment.download",
            Some(id),
            json!({"attachment_id": aid}),
        )
        .await?;
    let content = state.attachments.open(tenant.scope, id, aid).await?;
    Ok(HttpResponse::Ok()
        .content_type(attachment.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            content_disposition(&attachment.file_name),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox; frame-ancestors 'none'",
        ))
        .no_chunking(attachment.size_bytes)
        .streaming(content))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ConsentEvidenceRequest {
    /// An attachment of this complaint holding the evidence of the resident's consent.
    pub attachment_id: Uuid,
}

/// The representative with the evidence of their authority to act.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepresentativeConsentView {
    pub name: String,
    pub relationship: Option<String>,
    /// When the resident consented (Code 3.6).
    pub consent_on: NaiveDate,
    /// How consent was given.
    pub consent_evidence: String,
    /// The attachment holding the evidence.
    pub consent_attachment_id: Option<Uuid>,
}

impl From<Representative> for RepresentativeConsentView {
    fn from(r: Representative) -> Self {
        RepresentativeConsentView {
            name: r.name,
            relationship: r.relationship,
            consent_on: r.consent_on,
            consent_evidence: r.consent_evidence,
            consent_attachment_id: r.consent_attachment_id,
        }
    }
}

/// Records an uploaded attachment as the evidence of the resident's consent to their
/// representative acting for them (Code 3.6), with a `consent_evidence_attached` event.
#[utoipa::path(
    operation_id = "complaints_attach_consent_evidence",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    request_body = ConsentEvidenceRequest,
    responses(
        (status = 200, body = RepresentativeConsentView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/landlords/{slug}/complaints/{id}/representative/consent")]
pub async fn attach_consent_evidence(
    state: web::Data<AppState>,
    tenant: Tenant<CaseWorkers>,
    path: web::Path<(String, Uuid)>,
    body: Json<ConsentEvidenceRequest>,
) -> Result<web::Json<RepresentativeConsentView>, ApiError> {
    let (_, id) = path.into_inner();
    let caller = Caller::from(&tenant);
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, id).await?;
    caller.may_work_on(&loaded.case)?;
    let txn = redress_store::db::begin_write(&tenant.db).await?;
    let representative = attachments::attach_consent_evidence(
        &txn,
        tenant.scope,
        id,
        body.0.attachment_id,
        Some(tenant.user_id),
        today(),
    )
    .await?;
    redress_store::db::commit(txn).await?;
    Ok(web::Json(representative.into()))
}
