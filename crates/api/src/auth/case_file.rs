//! A case file opened for reading: the case loaded once, the caller's sight of it checked,
//! and the MRC's reading put on the audit log (Code 9.5–9.7; docs/roles.md, "The MRC"), in
//! one extractor, so no reading route can forget any of the three.

use super::extract::{CaseReaders, Tenant};
use crate::AppState;
use crate::error::ApiError;
use crate::page::PageQuery;
use crate::use_cases::{Caller, Loaded};
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use redress_store::page::PageRequest;
use uuid::Uuid;

/// What part of a case file is read, as the audit log names it, with what the request asks of
/// it (a page of a list). A bad query is refused before the case is read or anything audited.
pub trait Reading: Sized + 'static {
    /// The audit entry's kind when the MRC reads it.
    const KIND: &'static str;
    fn from_query(query: &str) -> Result<Self, ApiError>;
}

/// A reading of the whole of something, with no query.
macro_rules! whole {
    ($(#[$meta:meta])* $name:ident = $kind:literal) => {
        $(#[$meta])*
        pub struct $name;
        impl Reading for $name {
            const KIND: &'static str = $kind;
            fn from_query(_: &str) -> Result<Self, ApiError> {
                Ok($name)
            }
        }
    };
}

/// A reading of one page of a list (`?limit=&cursor=`).
macro_rules! paged {
    ($(#[$meta:meta])* $name:ident = $kind:literal) => {
        $(#[$meta])*
        pub struct $name(pub PageRequest);
        impl Reading for $name {
            const KIND: &'static str = $kind;
            fn from_query(query: &str) -> Result<Self, ApiError> {
                let q = web::Query::<PageQuery>::from_query(query).map_err(|err| {
                    ApiError::BadRequest(format!("the query string is not valid: {err}"))
                })?;
                Ok($name(q.request()?))
            }
        }
    };
}

whole!(
    /// The case: its stages, deadlines, remedies and actions.
    TheCase = "complaint.read"
);
whole!(
    /// The case's timeline.
    TheTimeline = "complaint.timeline.read"
);
paged!(
    /// A page of the case's letters.
    LettersPage = "complaint.letters.read"
);
paged!(
    /// A page of the case's correspondence.
    CorrespondencePage = "complaint.correspondence.read"
);
paged!(
    /// A page of what is known of the case's files.
    AttachmentsPage = "complaint.attachments.read"
);

/// A case file under `/landlords/{slug}/complaints/{id}` that the caller may open: complaints
/// staff, handlers and contractors on their own cases, and the MRC, whose every reading is
/// audited. Anyone else, and any case the caller may not see, is answered as nothing there.
pub struct CaseFile<R: Reading> {
    pub tenant: Tenant<CaseReaders>,
    pub caller: Caller,
    pub loaded: Loaded,
    pub reading: R,
}

impl<R: Reading> CaseFile<R> {
    pub fn id(&self) -> Uuid {
        self.loaded.case.complaint.id
    }
}

impl<R: Reading> FromRequest for CaseFile<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let tenant = Tenant::<CaseReaders>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let tenant = tenant.await?;
            let reading = R::from_query(req.query_string())?;
            let id: Uuid = req
                .match_info()
                .get("id")
                .and_then(|id| id.parse().ok())
                .ok_or(ApiError::NotFound)?;
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| {
                    ApiError::Internal(anyhow::anyhow!("application state is missing"))
                })?;
            let caller = Caller::from(&tenant);
            let loaded =
                crate::use_cases::case::load(&state, tenant.scope, &tenant.landlord, &caller, id)
                    .await?;
            tenant
                .audit_mrc_read(&tenant.db, R::KIND, Some(id), serde_json::json!({}))
                .await?;
            Ok(CaseFile {
                tenant,
                caller,
                loaded,
                reading,
            })
        })
    }
}
