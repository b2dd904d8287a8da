//! Short-lived access tokens: HS256 JWTs carrying the user's external UUID only.

use anyhow::Context;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "redress";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    iss: String,
    iat: i64,
    exp: i64,
    jti: Uuid,
}

#[derive(Clone)]
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub ttl: chrono::Duration,
}

impl AccessTokens {
    pub fn new(secret: &[u8], ttl: chrono::Duration) -> Self {
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            ttl,
        }
    }

    pub fn issue(&self, user_id: Uuid) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id,
            iss: ISSUER.into(),
            iat: now,
            exp: now + self.ttl.num_seconds(),
            jti: Uuid::new_v4(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).context("signing a token")
    }

    /// The user a token was issued to, if the token is genuine, HS256 and unexpired.
    pub fn verify(&self, token: &str) -> Option<Uuid> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = 0;
        decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| data.claims.sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_own_secret_only() {
        let tokens = AccessTokens::new(
            b"0123456789abcdef0123456789abcdef",
            chrono::Duration::minutes(5),
        );
        let other = AccessTokens::new(
            b"fedcba9876543210fedcba9876543210",
            chrono::Duration::minutes(5),
        );
        let id = Uuid::new_v4();
        let t = tokens.issue(id).unwrap();
        assert_eq!(tokens.verify(&t), Some(id));
        assert_eq!(other.verify(&t), None);
    }

    #[test]
    fn an_expired_token_is_refused() {
        let tokens = AccessTokens::new(
            b"0123456789abcdef0123456789abcdef",
            chrono::Duration::seconds(-10),
        );
        let t = tokens.issue(Uuid::new_v4()).unwrap();
        assert_eq!(tokens.verify(&t), None);
    }

    #[test]
    fn a_token_signed_with_another_algorithm_is_refused() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let tokens = AccessTokens::new(secret, chrono::Duration::minutes(5));
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: Uuid::new_v4(),
            iss: ISSUER.into(),
            iat: now,
            exp: now + 60,
            jti: Uuid::new_v4(),
        };
        let t = encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        assert_eq!(tokens.verify(&t), None);
    }
}
