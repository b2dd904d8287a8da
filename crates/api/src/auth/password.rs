//! Passwords are hashed with argon2id off the async threads (`spawn_blocking`). An unknown
//! email is checked against a dummy hash, so the time taken does not tell which emails exist.

use anyhow::Context;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use secrecy::{ExposeSecret, SecretString};

/// argon2id cost parameters.
#[derive(Debug, Clone, Copy)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl HashCost {
    /// OWASP's recommended minimum for argon2id: 19 MiB, 2 iterations, 1 lane.
    pub const PRODUCTION: HashCost = HashCost {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    /// Cheap hashing for the test suite only.
    pub const TESTING: HashCost = HashCost {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    fn hasher(self) -> anyhow::Result<Argon2<'static>> {
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }
}

/// Hashes a password (PHC string), on the blocking pool.
pub async fn hash(password: SecretString, cost: HashCost) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_now(password.expose_secret(), cost))
        .await
        .context("password hashing task")?
}

/// Hashes a password on the current thread (for the command line).
pub fn hash_now(password: &str, cost: HashCost) -> anyhow::Result<String> {
    let hasher = cost.hasher()?;
    let hash = hasher
        .hash_password(password.as_bytes())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))?;
    Ok(hash.to_string())
}

/// Checks a password against a stored hash, or against a dummy hash when there is none, so
/// that the answer takes as long either way. Returns true only for a real match.
pub async fn verify(
    password: SecretString,
    stored: Option<String>,
    dummy: String,
) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let hash = stored.unwrap_or(dummy);
        let ok = Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), hash.as_str())
            .is_ok();
        ok && real
    })
    .await
    .context("password verification task")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let h = hash("a sensible long phrase".into(), HashCost::TESTING)
            .await
            .unwrap();
        assert!(h.starts_with("$argon2id$"));
        let dummy = hash_now("dummy password!", HashCost::TESTING).unwrap();
        assert!(
            verify(
                "a sensible long phrase".into(),
                Some(h.clone()),
                dummy.clone()
            )
            .await
            .unwrap()
        );
        assert!(
            !verify("another long phrase".into(), Some(h), dummy.clone())
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies_even_with_the_dummy_password() {
        let dummy = hash_now("dummy password!", HashCost::TESTING).unwrap();
        assert!(!verify("dummy password!".into(), None, dummy).await.unwrap());
    }
}
