//! Request bodies that more than one route accepts, with their parsing into the domain types
//! the use cases take (docs/api.md, "Errors": every bad field is named).

pub mod complaint;
pub mod resident;

/// A landlord's reference prefix, which starts each complaint's reference: 1 to 6 letters or
/// digits, kept in capitals.
pub fn reference_prefix(raw: &str) -> Result<String, redress_domain::values::InvalidValue> {
    let p = raw.trim().to_uppercase();
    if (1..=6).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()) {
        Ok(p)
    } else {
        Err(redress_domain::values::InvalidValue(
            "must be 1 to 6 letters or digits".into(),
        ))
    }
}
