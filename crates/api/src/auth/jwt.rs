//! Short-lived tokens: HS256 JWTs carrying the user's external UUID, the session version they
//! were issued under (raising it ends every session at once) and whether the sign-in gave a
//! second factor. A sign-in that still owes its second factor gets a challenge token instead,
//! with its own audience: it opens nothing but the second step of signing in.

use anyhow::Context;
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

const ISSUER: &str = "redress";
const ACCESS: &str = "redress-api";
const CHALLENGE: &str = "redress-mfa-challenge";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
    jti: Uuid,
    /// The user's session version when the token was issued.
    #[serde(default)]
    ver: i32,
    /// The sign-in gave a second factor.
    #[serde(default)]
    mfa: bool,
}

/// What a genuine, unexpired token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    pub user_id: Uuid,
    pub session_version: i32,
    pub mfa: bool,
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

    fn sign(
        &self,
        audience: &str,
        user_id: Uuid,
        session_version: i32,
        mfa: bool,
        ttl: chrono::Duration,
    ) -> anyhow::Result<String> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id,
            iss: ISSUER.into(),
            aud: audience.into(),
            iat: now,
            exp: now + ttl.num_seconds(),
            jti: Uuid::new_v4(),
            ver: session_version,
            mfa,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).context("signing a token")
    }

    fn check(&self, audience: &str, token: &str) -> Option<Verified> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        validation.leeway = 0;
        decode::<Claims>(token, &self.decoding, &validation)
            .ok()
            .map(|data| Verified {
                user_id: data.claims.sub,
                session_version: data.claims.ver,
                mfa: data.claims.mfa,
            })
    }

    /// An access token for `Authorization: Bearer`.
    pub fn issue(&self, user_id: Uuid, session_version: i32, mfa: bool) -> anyhow::Result<String> {
        self.sign(ACCESS, user_id, session_version, mfa, self.ttl)
    }

    /// What an access token says, if it is genuine, HS256, an access token and unexpired.
    pub fn verify(&self, token: &str) -> Option<Verified> {
        self.check(ACCESS, token)
    }

    /// A challenge for the second step of signing in: five minutes to give the code.
    pub fn issue_challenge(&self, user_id: Uuid, session_version: i32) -> anyhow::Result<String> {
        self.sign(
            CHALLENGE,
            user_id,
            session_version,
            false,
            chrono::Duration::minutes(5),
        )
    }

    /// What a challenge token says, if it is genuine, a challenge and unexpired.
    pub fn verify_challenge(&self, token: &str) -> Option<Verified> {
        self.check(CHALLENGE, token)
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
        let t = tokens.issue(id, 3, true).unwrap();
        assert_eq!(
            tokens.verify(&t),
            Some(Verified {
                user_id: id,
                session_version: 3,
                mfa: true
            })
        );
        assert_eq!(other.verify(&t), None);
    }

    #[test]
    fn an_expired_token_is_refused() {
        let tokens = AccessTokens::new(
            b"0123456789abcdef0123456789abcdef",
            chrono::Duration::seconds(-10),
        );
        let t = tokens.issue(Uuid::new_v4(), 0, false).unwrap();
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
            aud: ACCESS.into(),
            iat: now,
            exp: now + 60,
            jti: Uuid::new_v4(),
            ver: 0,
            mfa: false,
        };
        let t = encode(
            &Header::new(Algorithm::HS512),
            &claims,
            &EncodingKey::from_secret(secret),
        )
        .unwrap();
        assert_eq!(tokens.verify(&t), None);
    }

    #[test]
    fn a_challenge_is_not_an_access_token_and_an_access_token_is_not_a_challenge() {
        let tokens = AccessTokens::new(
            b"0123456789abcdef0123456789abcdef",
            chrono::Duration::minutes(5),
        );
        let id = Uuid::new_v4();
        let challenge = tokens.issue_challenge(id, 0).unwrap();
        assert_eq!(tokens.verify(&challenge), None);
        assert_eq!(tokens.verify_challenge(&challenge).unwrap().user_id, id);
        let access = tokens.issue(id, 0, false).unwrap();
        assert_eq!(tokens.verify_challenge(&access), None);
    }
}
