//! What a request leaves in the logs: its method, route, redacted path, client address (as
//! resolved behind trusted proxies) and status. Secrets that travel in paths (invitation
//! tokens, residents' tracking links, unsubscribe links) and query strings (which may name
//! people) never reach a log.

use crate::auth::client::ClientAddress;
use actix_web::Error;
use actix_web::HttpMessage;
use actix_web::body::BoxBody;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

/// Path segments whose next segment is a secret.
const SECRET_AFTER: [&str; 3] = ["invitations", "track", "unsubscribe"];

/// The path with every secret segment replaced by `[redacted]`, and no query string.
pub fn redact_path(path: &str) -> String {
    let mut out = Vec::new();
    let mut hide_next = false;
    for segment in path.split('/') {
        if hide_next && !segment.is_empty() {
            out.push("[redacted]");
            hide_next = false;
            continue;
        }
        hide_next = SECRET_AFTER.contains(&segment);
        out.push(segment);
    }
    out.join("/")
}

/// The root span of every request, with the path redacted.
pub struct RedactedRootSpan;

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request.match_pattern().unwrap_or_else(|| "default".into());
        let client = ClientAddress::of(request.request()).text();
        let user_agent = request
            .headers()
            .get("User-Agent")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| id.to_string())
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            request_id = %request_id,
            http.method = %request.method(),
            http.route = %redact_path(&route),
            http.target = %redact_path(request.path()),
            http.client_ip = %client,
            http.user_agent = %user_agent,
            http.status_code = tracing::field::Empty,
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    /// Records the status, and logs the request: refused ones (4xx) at `info`, the rest at
    /// `debug` (server errors are logged with their cause where they happen).
    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(res) => res.status().as_u16(),
            Err(e) => e.as_response_error().status_code().as_u16(),
        };
        span.in_scope(|| {
            if (400..500).contains(&status) {
                tracing::info!(status, "request refused");
            } else {
                tracing::debug!(status, "request served");
            }
        });
        // The status alone goes on the span. The default builder would also record the
        // error's message and debug form, which can quote a value from the request or a
        // database error's detail, and the span is what OTLP exports: server errors are
        // logged with their cause where they happen, on the server only.
        span.record("http.status_code", status);
        span.record(
            "otel.status_code",
            if status >= 500 { "ERROR" } else { "OK" },
        );
    }
}

/// The request's id (the one in its log lines) goes back in the `X-Request-Id` header and in
/// every problem+json body, so a user's report leads to the log. Wrapped inside
/// `TracingLogger`, which makes the id.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = req
        .extensions()
        .get::<RequestId>()
        .map(|id| id.to_string())
        .unwrap_or_default();
    // (Handlers' errors arrive here as responses. An error from a middleware inside this one
    // passes through as it is: the request cannot be kept to answer it here, as routing
    // needs it unshared.)
    let res = next.call(req).await?.map_into_boxed_body();
    let problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    let (request, mut res) = res.into_parts();
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), value);
    }
    if !problem || id.is_empty() {
        return Ok(ServiceResponse::new(request, res.map_into_boxed_body()));
    }
    let (res, body) = res.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string()))?;
    let body = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut doc) => {
            if let Some(fields) = doc.as_object_mut() {
                fields.insert("request_id".into(), id.into());
            }
            serde_json::to_vec(&doc).unwrap_or_else(|_| bytes.to_vec())
        }
        Err(_) => bytes.to_vec(),
    };
    Ok(ServiceResponse::new(
        request,
        res.set_body(BoxBody::new(body)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_in_paths_are_redacted() {
        assert_eq!(
            redact_path("/api/v1/invitations/abcDEF123/accept"),
            "/api/v1/invitations/[redacted]/accept"
        );
        assert_eq!(
            redact_path("/api/v1/public/camden/track/s3cret/escalate"),
            "/api/v1/public/camden/track/[redacted]/escalate"
        );
        assert_eq!(
            redact_path("/api/v1/unsubscribe/tok"),
            "/api/v1/unsubscribe/[redacted]"
        );
        assert_eq!(redact_path("/invitations/tok"), "/invitations/[redacted]");
        assert_eq!(
            redact_path("/p/camden/track/tok"),
            "/p/camden/track/[redacted]"
        );
        assert_eq!(
            redact_path("/api/v1/landlords/camden/invitations"),
            "/api/v1/landlords/camden/invitations"
        );
        assert_eq!(
            redact_path("/api/v1/landlords/camden/complaints/0191"),
            "/api/v1/landlords/camden/complaints/0191"
        );
    }
}
