//! Restrictions for unacceptable behaviour (Code 5.14, 5.15): what a restriction must record
//! before it may be imposed, and when it must be reviewed. A restriction limits how contact
//! happens; it never stops a complaint being logged or answered (Code 5.15).

use crate::complaint::{Refusal, field};
use chrono::{Months, NaiveDate};
use std::collections::HashSet;
use uuid::Uuid;

/// How far ahead a restriction's review may be set unless the landlord says otherwise.
pub const DEFAULT_REVIEW_MONTHS: u32 = 6;

vocabulary! {
    /// Whether a restriction, or a reasonable adjustment, is in force: active until ended at a
    /// review or earlier. An ended one is kept on the record and not changed again.
    InForce {
        Active = "active",
        Ended = "ended",
    }
}

/// The parts of a restriction the rules look at.
pub struct RestrictionTerms<'a> {
    pub starts_on: NaiveDate,
    pub review_on: NaiveDate,
    pub proportionality: &'a str,
    pub equality_act: &'a str,
    /// Warnings given before the restriction, by date.
    pub warnings_given_on: &'a [NaiveDate],
    pub review_months: u32,
}

/// Whether a restriction keeps one of the resident's reasonable adjustments as agreed, or
/// changes it (Code 5.14: regard to the Equality Act 2010, including adjustments in force).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustmentEffect {
    Kept,
    Changed,
}

impl AdjustmentEffect {
    pub fn as_str(self) -> &'static str {
        match self {
            AdjustmentEffect::Kept => "kept",
            AdjustmentEffect::Changed => "changed",
        }
    }

    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "kept" => Ok(AdjustmentEffect::Kept),
            "changed" => Ok(AdjustmentEffect::Changed),
            _ => Err("must be kept or changed".into()),
        }
    }
}

/// One of the resident's reasonable adjustments in force.
pub struct ActiveAdjustment<'a> {
    pub id: Uuid,
    pub description: &'a str,
}

/// What a restriction says of one adjustment: which it is, and how it is kept or changed.
pub struct Considered<'a> {
    pub adjustment_id: Uuid,
    pub how: &'a str,
}

/// A field of the request that the adjustments check refuses, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// Checks that a restriction names each of the resident's adjustments in force, once, with
/// how it is kept or changed (Code 5.14). Every problem is returned, each naming its field.
pub fn check_adjustments(
    active: &[ActiveAdjustment<'_>],
    considered: &[Considered<'_>],
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    let mut problem =
        |field: String, message: String| problems.push(FieldProblem { field, message });
    let mut named = HashSet::new();
    for (i, c) in considered.iter().enumerate() {
        if !active.iter().any(|a| a.id == c.adjustment_id) {
            problem(
                format!("adjustments[{i}].adjustment_id"),
                "is not one of the resident's reasonable adjustments in force".into(),
            );
        } else if !named.insert(c.adjustment_id) {
            problem(
                format!("adjustments[{i}].adjustment_id"),
                "names an adjustment already named".into(),
            );
        }
        if c.how.trim().is_empty() {
            problem(
                format!("adjustments[{i}].how"),
                "say how the adjustment is kept, or how and why it changes (Code 5.14)".into(),
            );
        }
    }
    for a in active.iter().filter(|a| !named.contains(&a.id)) {
        problem(
            "adjustments".into(),
            format!(
                "the resident's reasonable adjustment \"{}\" is in force: say whether this restriction keeps it or changes it, and how (Code 5.14)",
                a.description
            ),
        );
    }
    problems
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

    fn terms(equality_act: &str) -> RestrictionTerms<'_> {
        RestrictionTerms {
            starts_on: d("2025-03-01"),
            review_on: d("2025-09-01"),
            proportionality: "Abusive calls daily for a month despite two warnings.",
            equality_act,
            warnings_given_on: &[],
            review_months: DEFAULT_REVIEW_MONTHS,
        }
    }

    #[test]
    fn a_restriction_needs_its_reasoning() {
        assert_eq!(
            check(&terms("No protected characteristic is affected.")),
            Ok(())
        );
        let mut t = terms("x");
        t.proportionality = " ";
        assert!(matches!(
            check(&t),
            Err(Refusal::Field {
                field: "proportionality",
                ..
            })
        ));
        assert!(matches!(
            check(&terms("")),
            Err(Refusal::Field {
                field: "equality_act",
                ..
            })
        ));
    }

    #[test]
    fn each_adjustment_in_force_is_named_with_how_it_is_kept_or_changed() {
        let large_print = Uuid::from_u128(1);
        let calls = Uuid::from_u128(2);
        let active = [
            ActiveAdjustment {
                id: large_print,
                description: "Letters in large print",
            },
            ActiveAdjustment {
                id: calls,
                description: "Calls in the afternoon",
            },
        ];
        // The reasoning no longer needs any particular word: it is the naming that counts.
        assert_eq!(
            check(&terms("Letters will be in large print as agreed.")),
            Ok(())
        );
        let one = [Considered {
            adjustment_id: large_print,
            how: "Letters will be in large print as agreed.",
        }];
        let problems = check_adjustments(&active, &one);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "adjustments");
        assert!(problems[0].message.contains("\"Calls in the afternoon\""));
        let both = [
            Considered {
                adjustment_id: large_print,
                how: "Kept: letters in large print.",
            },
            Considered {
                adjustment_id: calls,
                how: "Changed: written contact only, so no calls; letters instead.",
            },
        ];
        assert!(check_adjustments(&active, &both).is_empty());
        let wrong = [
            Considered {
                adjustment_id: Uuid::from_u128(9),
                how: "x",
            },
            Considered {
                adjustment_id: large_print,
                how: " ",
            },
            Considered {
                adjustment_id: large_print,
                how: "again",
            },
        ];
        let fields: Vec<String> = check_adjustments(&active, &wrong)
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            [
                "adjustments[0].adjustment_id",
                "adjustments[1].how",
                "adjustments[2].adjustment_id",
                "adjustments"
            ]
        );
        assert!(check_adjustments(&[], &[]).is_empty());
        assert_eq!(AdjustmentEffect::parse("kept"), Ok(AdjustmentEffect::Kept));
        assert!(AdjustmentEffect::parse("ignored").is_err());
    }

    #[test]
    fn the_review_is_at_most_six_months_ahead_by_default() {
        let mut t = terms("x");
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
        let mut t = terms("x");
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
