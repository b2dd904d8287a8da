//! A resident as a form gives them: staff recording one, intake logging a complaint for a new
//! one, and the resident's own online form (Code 3.1: how they want to be contacted, in what
//! format and language).

use crate::error::Fields;
use redress_domain::values::{EmailAddress, required_text};
use redress_store::residents::NewResident;
use serde::Deserialize;
use utoipa::ToSchema;

pub const NAME_MAX: usize = 200;
pub const ADDRESS_MAX: usize = 500;
pub const PROPERTY_REF_MAX: usize = 50;
pub const PREFERRED_FORMAT_MAX: usize = 200;
pub const LANGUAGE_MAX: usize = 100;

/// How a resident prefers to be contacted (Code 3.1: anticipate residents' needs).
pub const CONTACT_METHODS: [&str; 5] = ["email", "phone", "letter", "text", "in_person"];

/// A resident to record. Optional text left blank counts as not given.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ResidentInput {
    pub name: String,
    pub email: Option<String>,
    /// Digits, spaces, `+`, `(`, `)` and `-`, with 7 to 20 digits.
    pub phone: Option<String>,
    pub address: Option<String>,
    /// The landlord's own reference for the home.
    pub property_ref: Option<String>,
    /// `email`, `phone`, `letter`, `text` or `in_person` (Code 3.1).
    #[schema(example = "letter")]
    pub preferred_contact: Option<String>,
    /// A format the resident needs, e.g. "large print", "BSL", "easy read" (Code 3.1).
    #[schema(example = "large print")]
    pub preferred_format: Option<String>,
    #[schema(example = "Polish")]
    pub language: Option<String>,
}

impl ResidentInput {
    /// Checks every field, recording each bad one in `f` as `{prefix}{field}`; `None` when
    /// any was refused.
    pub fn parse(self, prefix: &str, f: &mut Fields) -> Option<NewResident> {
        let field = |name: &str| format!("{prefix}{name}");
        let name = f.check(&field("name"), required_text(&self.name, NAME_MAX));
        let email = f.check(&field("email"), optional(self.email.as_deref(), email));
        let phone = f.check(&field("phone"), optional(self.phone.as_deref(), phone));
        let address = f.check(
            &field("address"),
            optional(self.address.as_deref(), text(ADDRESS_MAX)),
        );
        let property_ref = f.check(
            &field("property_ref"),
            optional(self.property_ref.as_deref(), text(PROPERTY_REF_MAX)),
        );
        let preferred_contact = f.check(
            &field("preferred_contact"),
            optional(self.preferred_contact.as_deref(), contact_method),
        );
        let preferred_format = f.check(
            &field("preferred_format"),
            optional(self.preferred_format.as_deref(), text(PREFERRED_FORMAT_MAX)),
        );
        let language = f.check(
            &field("language"),
            optional(self.language.as_deref(), text(LANGUAGE_MAX)),
        );
        Some(NewResident {
            name: name?,
            email: email?,
            phone: phone?,
            address: address?,
            property_ref: property_ref?,
            preferred_contact: preferred_contact?,
            preferred_format: preferred_format?,
            language: language?,
        })
    }
}

/// Optional text: trimmed, and blank means not given.
pub(crate) fn optional<T>(
    raw: Option<&str>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse(s).map(Some),
    }
}

pub(crate) fn text(max: usize) -> impl Fn(&str) -> Result<String, String> {
    move |s| required_text(s, max).map_err(|e| e.to_string())
}

pub(crate) fn email(s: &str) -> Result<String, String> {
    EmailAddress::parse(s)
        .map(|e| e.as_str().to_owned())
        .map_err(|e| e.to_string())
}

/// A telephone number as people write it: digits, spaces, `+`, `(`, `)` and `-`, with 7 to
/// 20 digits.
pub(crate) fn phone(s: &str) -> Result<String, String> {
    let allowed = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '(' | ')' | '-'));
    let digits = s.chars().filter(char::is_ascii_digit).count();
    if allowed && (7..=20).contains(&digits) && s.chars().count() <= 40 {
        Ok(s.to_owned())
    } else {
        Err("must be a telephone number: 7 to 20 digits, with spaces, +, (, ) and - allowed".into())
    }
}

pub(crate) fn contact_method(s: &str) -> Result<String, String> {
    CONTACT_METHODS
        .iter()
        .find(|m| **m == s)
        .map(|m| (*m).to_owned())
        .ok_or_else(|| format!("must be one of {}", CONTACT_METHODS.join(", ")))
}
