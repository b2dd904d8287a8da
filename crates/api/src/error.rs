//! One error contract: `application/problem+json` (RFC 9457). Details of server errors are
//! logged, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use redress_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem with one field of the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field, as a path into the request (`email`, `schemes[0].timescales.stage1_response`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The request's id, as in the `X-Request-Id` header and the server's log: quote it when
    /// reporting a problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request could not be read (malformed JSON, a bad query string).
    #[error("{0}")]
    BadRequest(String),
    /// 401: no valid credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 403: signed in, but this role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: absent, or another landlord's (the two are never told apart).
    #[error("not found")]
    NotFound,
    /// 410: it existed, and has ended for good (an expired tracking link).
    #[error("{0}")]
    Gone(String),
    /// 409: a rule of the Code or the state of the record refuses the change.
    #[error("{0}")]
    Conflict(String),
    /// 422: values that are not valid, field by field.
    #[error("invalid request")]
    Invalid(Vec<FieldError>),
    /// 429: too many attempts.
    #[error("{0}")]
    TooManyRequests(String),
    /// 500: logged with its cause; the client sees only that something went wrong.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Invalid(vec![FieldError::new(field, message)])
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict(msg) => ApiError::Conflict(msg),
            StoreError::Invalid { field, message } => ApiError::invalid(field, message),
            StoreError::Db(e) => ApiError::Internal(anyhow::Error::new(e).context("database")),
        }
    }
}

impl From<redress_store::DbErr> for ApiError {
    fn from(err: redress_store::DbErr) -> Self {
        StoreError::from(err).into()
    }
}

/// Collects field errors from several validations, so one response names every bad field.
#[derive(Debug, Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps the value, or records the error against the field.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldError::new(field, e.to_string()));
                None
            }
        }
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// `Err(422)` when any field was refused.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Invalid(self.0))
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::Gone(_) => StatusCode::GONE,
            ApiError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (detail, errors) = match self {
            ApiError::Internal(err) => {
                tracing::error!(error = ?err, "request failed");
                (
                    "Something went wrong on our side. It has been logged; please try again."
                        .to_owned(),
                    vec![],
                )
            }
            ApiError::NotFound => ("Not found.".to_owned(), vec![]),
            ApiError::Invalid(errors) => {
                let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                (
                    format!("Some values are not valid: {}.", fields.join(", ")),
                    errors.clone(),
                )
            }
            other => (other.to_string(), vec![]),
        };
        let title = status.canonical_reason().unwrap_or("Error").to_owned();
        let problem = Problem {
            kind: format!(
                "https://redress.example/problems/{}",
                title.to_lowercase().replace(' ', "-")
            ),
            title,
            status: status.as_u16(),
            detail,
            errors,
            // Filled in by `logging::request_id`, which knows the request.
            request_id: None,
        };
        let mut resp = HttpResponse::build(status);
        resp.content_type("application/problem+json");
        if let ApiError::Unauthorized(_) = self {
            resp.insert_header(("WWW-Authenticate", "Bearer"));
        }
        resp.json(problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::MessageBody;

    fn body_of(err: ApiError) -> (u16, serde_json::Value, String) {
        let resp = err.error_response();
        let status = resp.status().as_u16();
        let ct = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let bytes = resp.into_body().try_into_bytes().unwrap();
        (status, serde_json::from_slice(&bytes).unwrap(), ct)
    }

    #[test]
    fn a_server_error_keeps_its_cause_out_of_the_response() {
        let (status, body, ct) = body_of(ApiError::Internal(anyhow::anyhow!(
            "password authentication failed for user postgres at 10.0.0.5"
        )));
        assert_eq!(status, 500);
        assert_eq!(ct, "application/problem+json");
        let text = body.to_string();
        assert!(!text.contains("postgres"), "{text}");
        assert!(!text.contains("10.0.0.5"), "{text}");
        assert_eq!(body["title"], "Internal Server Error");
    }

    #[test]
    fn a_validation_error_names_every_field() {
        let (status, body, _) = body_of(ApiError::Invalid(vec![
            FieldError::new("email", "must be an email address"),
            FieldError::new("homes", "is required"),
        ]));
        assert_eq!(status, 422);
        assert_eq!(body["detail"], "Some values are not valid: email, homes.");
        assert_eq!(body["errors"][1]["field"], "homes");
    }

    #[test]
    fn each_error_has_its_status() {
        for (err, status) in [
            (ApiError::BadRequest("x".into()), 400),
            (ApiError::Unauthorized("x".into()), 401),
            (ApiError::Forbidden("x".into()), 403),
            (ApiError::NotFound, 404),
            (ApiError::Conflict("x".into()), 409),
            (ApiError::TooManyRequests("x".into()), 429),
        ] {
            assert_eq!(body_of(err).0, status);
        }
    }
}
