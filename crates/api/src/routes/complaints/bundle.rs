//! The evidence bundle: what the Ombudsman asks a landlord for about a complaint, in one
//! action. One ZIP holds a paginated, tagged PDF (the complaint in the resident's words and
//! as defined, a chronology with each deadline met or missed, every letter and item of
//! correspondence, the adjustments and any restriction with its reasoning, both stages'
//! responses, remedies and actions) and the original attachments, unchanged.

use super::files::content_disposition;
use crate::AppState;
use crate::auth::Tenant;
use crate::auth::extract::Policy;
use crate::documents::bundle::{self as document, BundleInput, BundledFile};
use crate::documents::pdf;
use crate::error::{ApiError, Problem};
use crate::time::today;
use crate::use_cases::case::{Caller, load};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use chrono::Utc;
use futures_util::StreamExt;
use redress_domain::complaint::Stage;
use redress_domain::roles::Role;
use redress_store::page::{Page, PageRequest};
use redress_store::{
    adjustments, attachments, audit, complaints, correspondence, disclosures, letters, memberships,
    residents, restrictions,
};
use serde_json::json;
use std::collections::HashSet;
use std::io::Write;
use uuid::Uuid;
use zip::write::SimpleFileOptions;

/// The audit log's name for a bundle made.
pub const AUDIT_KIND: &str = "complaint.bundle.created";

/// Who may make a bundle: the complaints team, a handler on a case they may open, and the
/// MRC. Not contractors: the bundle covers both stages and the Ombudsman's, and they handle
/// stage 1 only (Code 5.4, 5.5).
pub struct BundleMakers;
impl Policy for BundleMakers {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
    ];
    const WHO: &'static str = "the landlord's complaints staff and the MRC";
}

/// Every page of a list, read `PAGE` at a time.
async fn every<T, F, Fut>(mut page: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: std::future::Future<Output = redress_store::Result<Page<T>>>,
{
    const PAGE: u64 = 200;
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let p = page(PageRequest { limit: PAGE, after }).await?;
        out.extend(p.items);
        match p.next {
            Some(next) => after = Some(next),
            None => return Ok(out),
        }
    }
}

/// The name of each file in the ZIP: numbered, so two files of the same name stay apart.
fn zip_paths(files: Vec<attachments::Attachment>) -> Vec<BundledFile> {
    files
        .into_iter()
        .enumerate()
        .map(|(i, a)| BundledFile {
            path: format!("attachments/{:02}-{}", i + 1, a.file_name),
            attachment: a,
        })
        .collect()
}

/// A file of its own for the ZIP, gone from the directory as soon as it is made: nothing is
/// left behind, whatever happens to the request.
fn unlinked_temp_file() -> std::io::Result<std::fs::File> {
    let path = std::env::temp_dir().join(format!("redress-bundle-{}.zip", Uuid::new_v4()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)?;
    std::fs::remove_file(&path)?;
    Ok(file)
}

type Zip = zip::ZipWriter<std::fs::File>;

/// Adds one file to the ZIP off the async workers.
async fn add(zip: Zip, name: String, bytes: Vec<u8>, deflate: bool) -> Result<Zip, ApiError> {
    web::block(move || -> anyhow::Result<Zip> {
        let mut zip = zip;
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            // Attachments are mostly compressed already (PDF, JPEG, DOCX).
            zip::CompressionMethod::Stored
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize);
        zip.start_file(name, options)?;
        zip.write_all(&bytes)?;
        Ok(zip)
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("writing the bundle: {e}")))?
    .map_err(ApiError::Internal)
}

/// The evidence bundle for the Ombudsman: a ZIP of the case as one paginated, accessible PDF
/// (tagged, PDF/UA-1) and the original attachments. The resident's disclosures are in it only
/// when the requester's role may read them. Making it is audited.
#[utoipa::path(
    operation_id = "complaints_bundle",
    tag = "complaints",
    security(("bearer" = [])),
    params(
        ("slug" = String, Path, description = "The landlord's slug"),
        ("id" = Uuid, Path, description = "The complaint's id"),
    ),
    responses(
        (status = 200, description = "A ZIP: the bundle as a PDF and, under attachments/, the case's files", body = String, content_type = "application/zip"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/landlords/{slug}/complaints/{id}/bundle")]
pub async fn bundle(
    req: HttpRequest,
    state: web::Data<AppState>,
    tenant: Tenant<BundleMakers>,
    path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner().1;
    let caller = Caller::from(&tenant);
    // Only a case the caller may open; another landlord's is not there (404).
    let loaded = load(&state, tenant.scope, &tenant.landlord, &caller, id).await?;
    let now = Utc::now();
    let today = today();
    let view = super::views::complaint_view(&loaded, &caller, today);
    let (db, scope) = (&tenant.db, tenant.scope);
    let sees = |stage: Stage| caller.sees_stage(stage);

    let mut events = complaints::timeline(db, scope, id).await?;
    events.retain(|e| e.stage.and_then(Stage::from_number).is_none_or(sees));
    let mut correspondence = every(|p| correspondence::list(db, scope, id, None, p)).await?;
    correspondence.retain(|c| sees(c.stage));
    let mut letters = every(|p| letters::for_complaint(db, scope, id, None, p)).await?;
    letters.retain(|l| sees(l.stage));
    let files = every(|p| attachments::list(db, scope, id, None, p)).await?;
    let resident = residents::get(db, scope, view.resident_id).await?;
    let adjustments = every(|p| adjustments::list_for_resident(db, scope, resident.id, p)).await?;
    let restrictions = restrictions::for_resident(db, scope, resident.id).await?;
    let disclosures = if crate::routes::disclosures::may_read(
        db,
        scope,
        tenant.role,
        tenant.user_id,
        resident.id,
    )
    .await?
    {
        Some(every(|p| disclosures::list(db, scope, resident.id, p)).await?)
    } else {
        None
    };
    let files = zip_paths(files.into_iter().filter(|a| sees(a.stage)).collect());

    let mut people: HashSet<Uuid> = events.iter().filter_map(|e| e.actor_user_id).collect();
    people.extend(correspondence.iter().filter_map(|c| c.recorded_by));
    people.extend(restrictions.iter().map(|r| r.decided_by));
    people.extend(view.stage1.handler_id);
    people.extend(view.stage2.as_ref().and_then(|s| s.handler_id));
    people.insert(tenant.user_id);
    let people: Vec<Uuid> = people.into_iter().collect();
    let names = memberships::describe(db, scope, &people).await?;

    let document = document::build(&BundleInput {
        landlord: &tenant.landlord.name,
        view: &view,
        resident: &resident,
        prepared_by: names
            .get(&tenant.user_id)
            .cloned()
            .unwrap_or_else(|| tenant.role.phrase().to_owned()),
        prepared_at: now,
        today,
        events: &events,
        correspondence: &correspondence,
        letters: &letters,
        adjustments: &adjustments,
        restrictions: &restrictions,
        disclosures: disclosures.as_deref(),
        files: &files,
        names: &names,
    });
    let pdf = web::block(move || pdf::render(document::TEMPLATE, &document, today))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("laying out the bundle: {e}")))?
        .map_err(ApiError::Internal)?;

    let stem = format!("{}-evidence-bundle", view.reference);
    let file = unlinked_temp_file()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("a file for the bundle: {e}")))?;
    let mut zip = add(zip::ZipWriter::new(file), format!("{stem}.pdf"), pdf, true).await?;
    for f in &files {
        let mut stream = state
            .attachments
            .open(scope, id, f.attachment.id)
            .await
            .map_err(ApiError::Internal)?;
        let mut bytes = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk =
                chunk.map_err(|e| ApiError::Internal(anyhow::anyhow!("reading a file: {e}")))?;
            bytes.extend_from_slice(&chunk);
        }
        zip = add(zip, f.path.clone(), bytes, false).await?;
    }
    let file = web::block(move || zip.finish())
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("finishing the bundle: {e}")))?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("finishing the bundle: {e}")))?;

    audit::record(
        db,
        scope,
        &tenant.actor(),
        AUDIT_KIND,
        Some(id),
        json!({
            "reference": view.reference,
            "role": tenant.role.as_str(),
            "files": files.len(),
            "letters_and_correspondence": correspondence.len(),
            "disclosures_included": disclosures.is_some(),
        }),
    )
    .await?;

    let named =
        actix_files::NamedFile::from_file(file, format!("{stem}.zip"))
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("sending the bundle: {e}")))?
            .use_etag(false)
            .use_last_modified(false)
            .set_content_type("application/zip".parse().map_err(|e| {
                ApiError::Internal(anyhow::anyhow!("the bundle's content type: {e}"))
            })?);
    let mut response = named.into_response(&req);
    let headers = response.headers_mut();
    if let Ok(v) = header::HeaderValue::from_str(&content_disposition(&format!("{stem}.zip"))) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}
