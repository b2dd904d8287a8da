//! Secrets kept at rest (a user's TOTP secret, a link only its recipient may see) are sealed
//! with the server's data key: XChaCha20-Poly1305, a random 192-bit nonce per value. A leaked
//! database alone opens none of them; a value changed in the database fails to open. Each
//! value is bound to what it belongs to (its context: the user whose secret it is, the
//! address a link is for), so a sealed value copied onto another row fails to open too.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

const VERSION: &str = "v1.";
const NONCE_LEN: usize = 24;

/// The key that seals secrets at rest. Derived from the configured data secret, so any length
/// of secret gives a 256-bit key.
#[derive(Clone)]
pub struct DataKey {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// A sealed value that cannot be opened: changed, truncated, or sealed under another key.
#[derive(Debug, thiserror::Error)]
#[error(
    "a sealed value could not be opened (it was changed, or the data key is not the one it was sealed with)"
)]
pub struct Unsealable;

impl DataKey {
    /// The key for a configured secret (at least 32 characters, checked by the caller).
    pub fn from_secret(secret: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(b"redress data key v1\0");
        h.update(secret);
        let key = h.finalize();
        DataKey {
            cipher: XChaCha20Poly1305::new(&key),
        }
    }

    /// Seals a value for its context (authenticated with it, not stored): `v1.` and the
    /// nonce and ciphertext, URL-safe base64.
    pub fn seal(&self, plaintext: &str, context: &str) -> Result<String, Unsealable> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Unsealable)?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!("{VERSION}{}", URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Opens a value sealed by [`DataKey::seal`] under this key for the same context.
    pub fn open(&self, sealed: &str, context: &str) -> Result<String, Unsealable> {
        let body = sealed.strip_prefix(VERSION).ok_or(Unsealable)?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| Unsealable)?;
        if bytes.len() <= NONCE_LEN {
            return Err(Unsealable);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| Unsealable)?;
        let plain = self
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Unsealable)?;
        String::from_utf8(plain).map_err(|_| Unsealable)
    }
}

/// 256 random bits, URL-safe: the secret of a link or token handed to a person.
pub fn new_token() -> String {
    use chacha20poly1305::aead::rand_core::RngCore;
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its SHA-256, so a leaked table grants nothing.
pub fn hash_token(token: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_own_key_only() {
        let key = DataKey::from_secret(b"a data secret that is long enough to use");
        let other = DataKey::from_secret(b"another data secret, just as long as that");
        let sealed = key.seal("JBSWY3DPEHPK3PXP", "user 1").unwrap();
        assert!(sealed.starts_with("v1."));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(key.open(&sealed, "user 1").unwrap(), "JBSWY3DPEHPK3PXP");
        assert!(other.open(&sealed, "user 1").is_err());
    }

    #[test]
    fn a_sealed_value_opens_only_for_its_own_context() {
        let key = DataKey::from_secret(b"a data secret that is long enough to use");
        let sealed = key
            .seal("https://portal.example/p/x/track/abc", "ann@example.org")
            .unwrap();
        assert!(key.open(&sealed, "ann@example.org").is_ok());
        assert!(key.open(&sealed, "bob@example.org").is_err());
        assert!(key.open(&sealed, "").is_err());
    }

    #[test]
    fn the_same_value_seals_differently_each_time_and_tampering_is_detected() {
        let key = DataKey::from_secret(b"a data secret that is long enough to use");
        let a = key.seal("secret", "c").unwrap();
        let b = key.seal("secret", "c").unwrap();
        assert_ne!(a, b);
        let mut tampered = a.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert!(
            key.open(&String::from_utf8(tampered).unwrap(), "c")
                .is_err()
        );
        assert!(key.open("v1.", "c").is_err());
        assert!(key.open("plain", "c").is_err());
    }
}
