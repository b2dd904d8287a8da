//! Passwords are hashed with argon2id off the async threads (`spawn_blocking`). An unknown
//! email is checked against a dummy hash, so the time taken does not tell which emails exist.
//!
//! Each hash needs its working memory (19 MiB at [`HashCost::PRODUCTION`]). Allocated and
//! freed a login at a time, the system allocator kept it: the server grew by about 7 MiB a
//! login (96 MB to 214 MB after twenty). So at most [`AT_ONCE`] hashes are worked out at once,
//! and their memory is kept here and reused: allocated once, never given back to grow.

use anyhow::Context;
use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Mutex;
use tokio::sync::Semaphore;

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

    fn params(self) -> anyhow::Result<Params> {
        Params::new(self.memory_kib, self.iterations, self.parallelism, None)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))
    }
}

/// How many hashes are worked out at once, each in its own working memory: the machine's two
/// cores.
pub const AT_ONCE: usize = 2;
static TURNS: Semaphore = Semaphore::const_new(AT_ONCE);
/// The working memory of hashes done, for the next (at most [`AT_ONCE`] of them).
static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// Runs `f` with `blocks` blocks of kept working memory, wiped after.
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let mut memory = MEMORY
        .lock()
        .ok()
        .and_then(|mut kept| kept.pop())
        .unwrap_or_default();
    if memory.len() < blocks {
        memory = vec![Block::default(); blocks];
    }
    let out = f(&mut memory[..blocks]);
    memory.fill(Block::default());
    if let Ok(mut kept) = MEMORY.lock()
        && kept.len() < AT_ONCE
    {
        kept.push(memory);
    }
    out
}

/// Works `password` out into `out` with the algorithm, version and parameters of `argon2`, and
/// the salt given.
fn work_out(
    argon2: &Argon2<'_>,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> anyhow::Result<()> {
    with_memory(argon2.params().block_count(), |memory| {
        argon2.hash_password_into_with_memory(password, salt, out, memory)
    })
    .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Runs `f` on the blocking pool, in a turn of its own (see [`AT_ONCE`]). The turn ends when
/// `f` does, even if the request that asked for it has gone.
async fn in_turn<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
    let turn = TURNS.acquire().await.context("password hashing turn")?;
    tokio::task::spawn_blocking(move || {
        let out = f();
        drop(turn);
        out
    })
    .await
    .context("password hashing task")
}

/// Hashes a password (PHC string), on the blocking pool.
pub async fn hash(password: SecretString, cost: HashCost) -> anyhow::Result<String> {
    in_turn(move || hash_now(password.expose_secret(), cost)).await?
}

/// Hashes a password on the current thread (for the command line).
pub fn hash_now(password: &str, cost: HashCost) -> anyhow::Result<String> {
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, cost.params()?);
    let salt = Salt::generate();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    work_out(&argon2, password.as_bytes(), &salt, &mut out)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon2.params())
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?,
        salt: Some(salt),
        hash: Some(Output::new(&out).map_err(|e| anyhow::anyhow!("argon2 output: {e}"))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` hashes to the stored PHC string, worked out with the string's own
/// algorithm, version, parameters and salt.
fn matches(password: &[u8], stored: &str) -> anyhow::Result<bool> {
    let phc = PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("a stored hash: {e}"))?;
    let (Some(salt), Some(expected)) = (&phc.salt, &phc.hash) else {
        return Ok(false);
    };
    let params = Params::try_from(&phc).map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    let algorithm = Algorithm::try_from(phc.algorithm.as_str())
        .map_err(|e| anyhow::anyhow!("argon2 algorithm: {e}"))?;
    let version = match phc.version {
        Some(v) => Version::try_from(v).map_err(|e| anyhow::anyhow!("argon2 version: {e}"))?,
        None => Version::default(),
    };
    let argon2 = Argon2::new(algorithm, version, params);
    let mut out = vec![0u8; expected.len()];
    work_out(&argon2, password, salt, &mut out)?;
    // `Output`'s equality takes the same time wherever the two differ.
    Ok(Output::new(&out).map_err(|e| anyhow::anyhow!("argon2 output: {e}"))? == *expected)
}

/// Checks a password against a stored hash, or against a dummy hash when there is none, so
/// that the answer takes as long either way. Returns true only for a real match.
pub async fn verify(
    password: SecretString,
    stored: Option<String>,
    dummy: String,
) -> anyhow::Result<bool> {
    in_turn(move || {
        let real = stored.is_some();
        let hash = stored.unwrap_or(dummy);
        // A hash that cannot be read matches nothing, as before.
        let ok = matches(password.expose_secret().as_bytes(), &hash).unwrap_or(false);
        ok && real
    })
    .await
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

    /// Hashes stored before the working memory was kept (made by argon2's own hasher) still
    /// verify, and the hashes made now verify with argon2's own verifier.
    #[tokio::test]
    async fn hashes_agree_with_argon2s_own_in_both_directions() {
        use argon2::{PasswordHasher as _, PasswordVerifier as _};
        let params = HashCost::TESTING.params().unwrap();
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password(b"an older long phrase")
            .unwrap()
            .to_string();
        let dummy = hash_now("dummy password!", HashCost::TESTING).unwrap();
        assert!(
            verify(
                "an older long phrase".into(),
                Some(theirs.clone()),
                dummy.clone()
            )
            .await
            .unwrap()
        );
        assert!(
            !verify("an older long phrase!".into(), Some(theirs), dummy)
                .await
                .unwrap()
        );
        let ours = hash_now("a newer long phrase", HashCost::TESTING).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"a newer long phrase", ours.as_str())
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"a newer long phrase.", ours.as_str())
                .is_err()
        );
    }

    /// However many passwords are checked, and however many at once, no more working memory
    /// is kept than one for each hash worked out at once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn working_memory_is_kept_for_at_most_the_hashes_at_once() {
        let h = hash("a sensible long phrase".into(), HashCost::TESTING)
            .await
            .unwrap();
        let dummy = hash_now("dummy password!", HashCost::TESTING).unwrap();
        let checks: Vec<_> = (0..8)
            .map(|_| {
                tokio::spawn(verify(
                    "a sensible long phrase".into(),
                    Some(h.clone()),
                    dummy.clone(),
                ))
            })
            .collect();
        for check in checks {
            assert!(check.await.unwrap().unwrap());
        }
        let kept = MEMORY.lock().unwrap();
        assert!(!kept.is_empty() && kept.len() <= AT_ONCE, "{}", kept.len());
        assert!(
            kept.iter()
                .all(|m| m.iter().all(|b| b.as_ref().iter().all(|w| *w == 0)))
        );
    }

    #[tokio::test]
    async fn a_stored_hash_that_cannot_be_read_matches_nothing() {
        let dummy = hash_now("dummy password!", HashCost::TESTING).unwrap();
        assert!(
            !verify(
                "anything".into(),
                Some("$argon2id$v=19$nonsense".into()),
                dummy
            )
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
