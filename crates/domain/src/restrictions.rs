//! Restrictions for unacceptable behaviour (Code 5.14, 5.15): what a restriction must record
//! before it may be imposed, and when it must be reviewed. A restriction limits how contact
//! happens; it never stops a complaint being logged or answered (Code 5.15).

use crate::complaint::{Refusal, field};
use chrono::{Months, NaiveDate};

/// How far ahead a restriction's review may be set unless the landlord says otherwise.
pub const DEFAULT_REVIEW_MONTHS: u32 = 6;

/// The parts of a restriction the rules look at.
pub struct RestrictionTerms<'a> {
    pub starts_on: NaiveDate,
    pub review_on: NaiveDate,
    pub proportionality: &'a str,
    pub equality_act: &'a str,
    /// Warnings given before the restriction, by date.
    pub warnings_given_on: &'a [NaiveDate],
    /// How many reasonable adjustments the resident has in force.
    pub active_adjustments: usize,
    pub review_months: u32,
}

/// Checks a restriction before it is imposed.
pub fn check(t: &RestrictionTerms<'_>) -> Result<(), Refusal> {
    if t.proportionality.trim().is_empty() {
        return Err(field(
            "proportionality",
            "say why the restriction is proportionate to the behaviour (Code 5.14)",
        ));
    }
    if t.equality_act.trim().is_empty() {
        return Err(field(
            "equality_act",
            "say what regard was had to the Equality Act 2010 (Code 5.14)",
        ));
    }
    if t.active_adjustments > 0 && !t.equality_act.to_lowercase().contains("adjustment") {
        return Err(field(
            "equality_act",
            format!(
                "the resident has {} reasonable adjustment(s) in force: say how they were considered (Code 5.14)",
                t.active_adjustments
            ),
        ));
    }
    if t.review_on <= t.starts_on {
        return Err(field("review_on", "must be after the restriction starts"));
    }
    let latest = t
        .starts_on
        .checked_add_months(Months::new(t.review_months))
        .unwrap_or(NaiveDate::MAX);
    if t.review_on > latest {
        return Err(field(
            "review_on",
            format!(
                "must be within {} months of the start ({latest} at the latest), so the restriction is kept under review (Code 5.14)",
                t.review_months
            ),
        ));
    }
    if t.warnings_given_on.iter().any(|w| *w > t.starts_on) {
        return Err(field(
            "warnings",
            "a warning comes before the restriction it leads to",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn terms<'a>(equality_act: &'a str, adjustments: usize) -> RestrictionTerms<'a> {
        RestrictionTerms {
            starts_on: d("2025-03-01"),
            review_on: d("2025-09-01"),
            proportionality: "Abusive calls daily for a month despite two warnings.",
            equality_act,
            warnings_given_on: &[],
            active_adjustments: adjustments,
            review_months: DEFAULT_REVIEW_MONTHS,
        }
    }

    #[test]
    fn a_restriction_needs_its_reasoning() {
        assert_eq!(
            check(&terms("No protected characteristic is affected.", 0)),
            Ok(())
        );
        let mut t = terms("x", 0);
        t.proportionality = " ";
        assert!(matches!(
            check(&t),
            Err(Refusal::Field {
                field: "proportionality",
                ..
            })
        ));
        assert!(matches!(
            check(&terms("", 0)),
            Err(Refusal::Field {
                field: "equality_act",
                ..
            })
        ));
    }

    #[test]
    fn a_resident_with_adjustments_needs_them_considered() {
        assert!(matches!(
            check(&terms("We considered the Equality Act.", 2)),
            Err(Refusal::Field { field: "equality_act", message }) if message.contains("2 reasonable adjustment")
        ));
        assert_eq!(
            check(&terms(
                "Written contact keeps the large-print adjustment in place.",
                2
            )),
            Ok(())
        );
    }

    #[test]
    fn the_review_is_at_most_six_months_ahead_by_default() {
        let mut t = terms("x", 0);
        t.review_on = d("2025-09-02");
        assert!(matches!(
            check(&t),
            Err(Refusal::Field {
                field: "review_on",
                ..
            })
        ));
        t.review_months = 12;
        assert_eq!(check(&t), Ok(()));
        t.review_on = d("2025-03-01");
        assert!(matches!(
            check(&t),
            Err(Refusal::Field {
                field: "review_on",
                ..
            })
        ));
    }

    #[test]
    fn warnings_come_first() {
        let warnings = [d("2025-03-02")];
        let mut t = terms("x", 0);
        t.warnings_given_on = &warnings;
        assert!(matches!(
            check(&t),
            Err(Refusal::Field {
                field: "warnings",
                ..
            })
        ));
    }
}

/// Whether contact the landlord makes keeps to a restriction's terms (Code 5.14, 5.15): under
/// `written_contact_only` there are no calls or visits; under `single_point_of_contact` only
/// the officer allocated to the case makes contact (when one is allocated). The complaint
/// itself always goes on.
pub fn check_contact(
    term_kinds: &[&str],
    written: bool,
    sender_is_point_of_contact: bool,
) -> Result<(), Refusal> {
    if term_kinds.contains(&"written_contact_only") && !written {
        return Err(Refusal::Rule(
            "the resident's restriction allows written contact only: write instead of calling or visiting (Code 5.14)"
                .into(),
        ));
    }
    if term_kinds.contains(&"single_point_of_contact") && !sender_is_point_of_contact {
        return Err(Refusal::Rule(
            "the resident's restriction names a single point of contact: the officer allocated to the case makes contact (Code 5.14)"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod contact_tests {
    use super::*;

    #[test]
    fn contact_keeps_to_the_restrictions_terms() {
        assert!(check_contact(&["written_contact_only"], false, true).is_err());
        assert!(check_contact(&["written_contact_only"], true, false).is_ok());
        assert!(check_contact(&["single_point_of_contact"], true, false).is_err());
        assert!(check_contact(&["single_point_of_contact"], false, true).is_ok());
        assert!(check_contact(&[], false, false).is_ok());
    }
}
