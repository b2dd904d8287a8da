//! Validated values: each has a private field and a `parse` constructor, so a bad value
//! dies at the edge with a message naming what is wrong.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value was refused. The API names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(pub String);

fn invalid(msg: impl Into<String>) -> InvalidValue {
    InvalidValue(msg.into())
}

/// An email address, trimmed and lower-cased (addresses are compared case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim().to_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return Err(invalid("must be an email address such as name@example.org"));
        };
        let ok = !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if ok {
            Ok(Self(s))
        } else {
            Err(invalid("must be an email address such as name@example.org"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// A new password: at least 12 characters and not on the list of common passwords.
/// The text is never displayed or logged.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(invalid(format!(
                "must be at least {} characters long",
                Self::MIN_CHARS
            )));
        }
        if n > Self::MAX_CHARS {
            return Err(invalid(format!(
                "must be at most {} characters long",
                Self::MAX_CHARS
            )));
        }
        let lowered = raw.to_lowercase();
        if COMMON_PASSWORDS
            .lines()
            .any(|p| !p.is_empty() && p.to_lowercase() == lowered)
        {
            return Err(invalid(
                "is too common and easy to guess; choose a longer phrase of your own",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

/// A landlord's URL id: 2–60 of a–z, 0–9 and single hyphens, not starting or ending with one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let s = raw.trim();
        let ok = (2..=60).contains(&s.len())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(invalid(
                "must be 2 to 60 lower-case letters, digits and single hyphens, e.g. `camden-council`",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A required line of text (a name, a title): trimmed, 1..=max characters, no control characters.
pub fn required_text(raw: &str, max: usize) -> Result<String, InvalidValue> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(invalid("must not be empty"));
    }
    if s.chars().count() > max {
        return Err(invalid(format!("must be at most {max} characters")));
    }
    if s.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(invalid("must not contain control characters"));
    }
    Ok(s.to_owned())
}

/// The kind of landlord (docs/rules.md, "Landlords and complaint schemes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LandlordKind {
    LocalAuthority,
    HousingAssociation,
    Almo,
    Other,
}

impl LandlordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LandlordKind::LocalAuthority => "local_authority",
            LandlordKind::HousingAssociation => "housing_association",
            LandlordKind::Almo => "almo",
            LandlordKind::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        [
            LandlordKind::LocalAuthority,
            LandlordKind::HousingAssociation,
            LandlordKind::Almo,
            LandlordKind::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| invalid("must be one of local_authority, housing_association, almo, other"))
    }
}

/// A landlord's status on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LandlordStatus {
    Onboarding,
    Active,
    Suspended,
}

impl LandlordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LandlordStatus::Onboarding => "onboarding",
            LandlordStatus::Active => "active",
            LandlordStatus::Suspended => "suspended",
        }
    }
    pub fn parse(s: &str) -> Result<Self, InvalidValue> {
        match s {
            "onboarding" => Ok(LandlordStatus::Onboarding),
            "active" => Ok(LandlordStatus::Active),
            "suspended" => Ok(LandlordStatus::Suspended),
            _ => Err(invalid("must be one of onboarding, active, suspended")),
        }
    }
}

/// A date as a resident reads it: "22 January 2025".
pub fn long_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A wire name in words: `partly_upheld` → "Partly upheld".
pub fn words(wire: &str) -> String {
    let spaced = wire.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Pence as pounds: `£1,250.00`.
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let whole = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", pence % 100)
}

#[cfg(test)]
mod tests {
    #[test]
    fn pounds_are_grouped_by_thousands() {
        assert_eq!(super::pounds(15000), "£150.00");
        assert_eq!(super::pounds(5), "£0.05");
        assert_eq!(super::pounds(123_456_789), "£1,234,567.89");
        assert_eq!(super::pounds(-250), "-£2.50");
    }

    use super::*;

    #[test]
    fn an_email_is_trimmed_and_lower_cased() {
        assert_eq!(
            EmailAddress::parse("  Ann@Example.ORG ").unwrap().as_str(),
            "ann@example.org"
        );
    }

    #[test]
    fn text_without_an_at_sign_is_not_an_email() {
        assert!(EmailAddress::parse("ann.example.org").is_err());
        assert!(EmailAddress::parse("ann@localhost").is_err());
        assert!(EmailAddress::parse("a b@example.org").is_err());
    }

    #[test]
    fn a_password_of_eleven_characters_is_too_short() {
        let err = NewPassword::parse("abcdefghijk").unwrap_err();
        assert_eq!(err.0, "must be at least 12 characters long");
        assert!(NewPassword::parse("a sensible long phrase").is_ok());
    }

    #[test]
    fn a_common_password_is_refused_whatever_its_case() {
        assert!(NewPassword::parse("Password1234").is_err());
        assert!(NewPassword::parse("PASSWORD1234").is_err());
        assert!(NewPassword::parse("correcthorsebatterystaple").is_err());
    }

    #[test]
    fn a_password_is_never_printed_in_debug_output() {
        let p = NewPassword::parse("a sensible long phrase").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(..)");
    }

    #[test]
    fn slugs_are_lower_case_with_single_hyphens() {
        assert!(Slug::parse("camden-council").is_ok());
        assert!(Slug::parse("Camden").is_err());
        assert!(Slug::parse("-camden").is_err());
        assert!(Slug::parse("cam--den").is_err());
        assert!(Slug::parse("c").is_err());
    }

    #[test]
    fn required_text_must_not_be_blank() {
        assert!(required_text("   ", 10).is_err());
        assert_eq!(required_text(" Ann ", 10).unwrap(), "Ann");
        assert!(required_text("abcdefghijk", 10).is_err());
    }

    #[test]
    fn landlord_kinds_parse_from_their_names() {
        assert_eq!(LandlordKind::parse("almo").unwrap(), LandlordKind::Almo);
        assert!(LandlordKind::parse("charity").is_err());
    }
}
