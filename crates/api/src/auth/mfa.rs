//! The second factor: TOTP codes (RFC 6238: HMAC-SHA-1, six digits, 30-second steps, one
//! step of drift either way), from any authenticator app, and single-use recovery codes.
//! Each code is accepted once: the step it matched is claimed in the store.

use crate::auth::secret::{hash_token, new_token};
use crate::error::ApiError;
use base64::Engine;
use qrcode::QrCode;
use qrcode::render::svg;
use totp_rs::{Builder, Secret, Totp};

/// How many recovery codes an enrolment gives.
pub const RECOVERY_CODES: usize = 10;

/// What a user's TOTP secret is sealed for: the account, so a sealed secret copied onto
/// another account's row does not open.
fn secret_context(user_id: uuid::Uuid) -> String {
    format!("mfa secret of user {user_id}")
}

/// Seals a user's TOTP secret to keep it at rest.
pub fn seal_secret(
    key: &redress_store::seal::DataKey,
    user_id: uuid::Uuid,
    secret: &str,
) -> Result<String, ApiError> {
    key.seal(secret, &secret_context(user_id))
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))
}

/// Opens a user's TOTP secret sealed by [`seal_secret`].
pub fn open_secret(
    key: &redress_store::seal::DataKey,
    user_id: uuid::Uuid,
    sealed: &str,
) -> Result<String, ApiError> {
    key.open(sealed, &secret_context(user_id))
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))
}

/// A new random secret (160 bits, as RFC 4226 recommends), in base32 as apps take it.
pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

fn totp(secret_base32: &str, issuer: &str, account: &str) -> Result<Totp, ApiError> {
    let secret = Secret::try_from_base32(secret_base32)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("a stored TOTP secret: {e:?}")))?;
    Builder::new()
        .with_secret(secret)
        .with_issuer(Some(issuer.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("building TOTP: {e:?}")))
}

/// The `otpauth://` URL an authenticator app reads from the QR code.
pub fn otpauth_url(secret_base32: &str, issuer: &str, account: &str) -> Result<String, ApiError> {
    totp(secret_base32, issuer, account)?
        .to_url()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("the otpauth URL: {e:?}")))
}

/// The QR code of the URL, as an SVG `data:` URL for an `<img>` (the portal's content
/// security policy allows `data:` images and nothing inline).
pub fn qr_data_url(url: &str) -> Result<String, ApiError> {
    let code = QrCode::new(url.as_bytes())
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("the QR code: {e}")))?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    Ok(format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(image)
    ))
}

/// The time step a code matches now (allowing one step of drift), if it is right.
pub fn matching_step(secret_base32: &str, code: &str) -> Result<Option<i64>, ApiError> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 6 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    Ok(totp(secret_base32, "Redress", "user")?
        .check(&digits, now)
        .and_then(|step| i64::try_from(step).ok()))
}

/// Whether what was typed looks like a recovery code rather than a six-digit code.
pub fn looks_like_recovery_code(code: &str) -> bool {
    normalise_recovery_code(code).len() >= 16
}

fn normalise_recovery_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The stored form of a recovery code.
pub fn recovery_code_hash(code: &str) -> String {
    hash_token(&normalise_recovery_code(code))
}

/// New recovery codes, as shown once to the user (`abcd-efgh-ijkl-mnop`: 80 random bits
/// each), with their hashes to store.
pub fn new_recovery_codes() -> Vec<(String, String)> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let raw: String = new_token()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .take(16)
                .collect();
            let shown = raw
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-");
            let hash = recovery_code_hash(&raw);
            (shown, hash)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_code_from_the_secret_matches_once_per_step_and_others_do_not() {
        let secret = new_secret();
        let t = totp(&secret, "Redress", "ada@example.org").unwrap();
        let code = t.generate_current().to_string();
        let step = matching_step(&secret, &code).unwrap();
        assert!(step.is_some());
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(matching_step(&secret, wrong).unwrap(), None);
        assert_eq!(matching_step(&secret, "12345").unwrap(), None);
        assert_eq!(matching_step(&secret, "abcdef").unwrap(), None);
    }

    #[test]
    fn the_enrolment_url_names_the_issuer_and_account_and_becomes_a_qr_image() {
        let secret = new_secret();
        let url = otpauth_url(&secret, "Redress", "ada@example.org").unwrap();
        assert!(
            url.starts_with("otpauth://totp/Redress:ada%40example.org?"),
            "{url}"
        );
        assert!(url.contains(&format!("secret={secret}")));
        let img = qr_data_url(&url).unwrap();
        assert!(img.starts_with("data:image/svg+xml;base64,"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_however_they_are_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let (shown, hash) = &codes[0];
        assert_eq!(shown.len(), 19);
        assert_eq!(
            &recovery_code_hash(&shown.to_uppercase().replace('-', " ")),
            hash
        );
        assert!(looks_like_recovery_code(shown));
        assert!(!looks_like_recovery_code("123 456"));
        let mut all: Vec<_> = codes.iter().map(|c| c.1.clone()).collect();
        all.dedup();
        assert_eq!(all.len(), RECOVERY_CODES);
    }
}
