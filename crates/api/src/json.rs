//! A JSON body extractor whose errors name the field: a body that is not JSON is 400; JSON
//! with a missing or wrongly typed field is 422 naming it.

use crate::auth::extract::AuthGate;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// The largest JSON body accepted.
const LIMIT: usize = 256 * 1024;

pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type_ok = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.starts_with("application/json") || v.contains("+json"))
            .unwrap_or(false);
        let body = web::Bytes::from_request(req, payload);
        let gate = AuthGate::of(req);
        Box::pin(after_access(gate, async move {
            if !content_type_ok {
                return Err(ApiError::BadRequest(
                    "send the body as JSON with `Content-Type: application/json`".into(),
                ));
            }
            let bytes = body
                .await
                .map_err(|e| ApiError::BadRequest(format!("could not read the body: {e}")))?;
            if bytes.len() > LIMIT {
                return Err(ApiError::BadRequest("the body is too large".into()));
            }
            parse(&bytes).map(Json)
        }))
    }
}

/// A JSON body that may be left out altogether (an action with only optional fields): an
/// empty body is `T::default()`; anything else is read as [`Json`] reads it, so bad values
/// are still refused naming the field.
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        let declared_json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.starts_with("application/json") || v.contains("+json"));
        let gate = AuthGate::of(req);
        Box::pin(after_access(gate, async move {
            let bytes = body
                .await
                .map_err(|e| ApiError::BadRequest(format!("could not read the body: {e}")))?;
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                return Ok(OptionalJson(T::default()));
            }
            if declared_json != Some(true) {
                return Err(ApiError::BadRequest(
                    "send the body as JSON with `Content-Type: application/json`".into(),
                ));
            }
            if bytes.len() > LIMIT {
                return Err(ApiError::BadRequest("the body is too large".into()));
            }
            parse(&bytes).map(OptionalJson)
        }))
    }
}

/// A query string, read like actix-web's `web::Query`, whose problem (400) is told only once
/// access has been decided, as a body's is.
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = web::Query::<T>::from_query(req.query_string())
            .map(|q| Query(q.into_inner()))
            .map_err(|err| ApiError::BadRequest(format!("the query string is not valid: {err}")));
        let gate = AuthGate::of(req);
        Box::pin(after_access(gate, async move { parsed }))
    }
}

/// A body's problem is told only once access has been decided (see [`AuthGate`]): a caller
/// who may not make the request hears that, not what is wrong with the body.
async fn after_access<T>(
    gate: Option<std::sync::Arc<AuthGate>>,
    read: impl std::future::Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let result = read.await;
    if result.is_err()
        && let Some(gate) = gate
    {
        gate.decided().await;
    }
    result
}

pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            return ApiError::BadRequest(format!("the body is not valid JSON: {inner}"));
        }
        let message = strip_position(&inner.to_string());
        // serde reports a missing field at its parent; name the field itself.
        if let Some(missing) = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            let field = if path == "." {
                missing.to_owned()
            } else {
                format!("{path}.{missing}")
            };
            return ApiError::invalid(field, "is required");
        }
        let field = if path == "." { "body".to_owned() } else { path };
        ApiError::invalid(field, message)
    })
}

/// For PATCH bodies: `null` clears a field (`Some(None)`); an absent field, with
/// `#[serde(default)]`, is left as it is (`None`).
pub mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(d).map(Some)
    }
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldError;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        email: String,
        homes: u32,
    }

    fn fields(err: ApiError) -> Vec<FieldError> {
        match err {
            ApiError::Invalid(f) => f,
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_named() {
        let f = fields(parse::<Body>(br#"{"homes": 3}"#).unwrap_err());
        assert_eq!(f[0].field, "email");
        assert_eq!(f[0].message, "is required");
    }

    #[test]
    fn a_wrongly_typed_field_is_named() {
        let f = fields(parse::<Body>(br#"{"email": "a@b.org", "homes": -1}"#).unwrap_err());
        assert_eq!(f[0].field, "homes");
    }

    #[test]
    fn text_that_is_not_json_is_a_bad_request() {
        assert!(matches!(
            parse::<Body>(b"{not json").unwrap_err(),
            ApiError::BadRequest(_)
        ));
    }
}
