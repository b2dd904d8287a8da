//! The annual self-assessment against the Code (Code 8.2–8.4): how a provision is answered,
//! and when an assessment may be approved by the governing body's delegate.

use crate::provisions;

vocabulary! {
    /// Where a version of a year's self-assessment is (Code 8.3, 8.4): saved as a draft,
    /// approved (its computed evidence frozen), published, and superseded when a later
    /// version of the year is published.
    AssessmentStatus {
        Draft = "draft",
        Approved = "approved",
        Published = "published",
        Superseded = "superseded",
    }
}

impl AssessmentStatus {
    /// Whether the version may go with the year's annual report (Code 8.2): approved or
    /// published, never a draft.
    pub fn may_go_with_the_report(self) -> bool {
        matches!(
            self,
            AssessmentStatus::Approved | AssessmentStatus::Published
        )
    }
}

/// Whether the landlord complies with a provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Complies {
    Yes,
    No,
    Partly,
}

impl Complies {
    pub const ALL: [Complies; 3] = [Complies::Yes, Complies::No, Complies::Partly];

    pub fn as_str(self) -> &'static str {
        match self {
            Complies::Yes => "yes",
            Complies::No => "no",
            Complies::Partly => "partly",
        }
    }

    /// Parses the wire name; the error lists the allowed values.
    pub fn parse(s: &str) -> Result<Self, String> {
        Complies::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| "must be yes, no or partly".to_owned())
    }
}

/// A provision's answer, as approval looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub complies: Complies,
    /// Whether it says what will be done to comply...
    pub has_action: bool,
    /// ...and by when.
    pub has_target_date: bool,
}

/// Why an assessment of `edition` cannot be approved yet: provisions not answered, and those
/// that do not fully comply without an action and a target date (Code 8.3: the landlord says
/// how it will put things right). Empty when it may be approved.
pub fn approval_problems(edition: &str, answer: impl Fn(&str) -> Option<Answer>) -> Vec<String> {
    let mut unanswered = Vec::new();
    let mut no_action = Vec::new();
    for p in provisions::provisions(edition).unwrap_or_default() {
        match answer(p.number) {
            None => unanswered.push(p.number),
            Some(a) if a.complies != Complies::Yes && !(a.has_action && a.has_target_date) => {
                no_action.push(p.number)
            }
            Some(_) => {}
        }
    }
    let mut out = Vec::new();
    if !unanswered.is_empty() {
        out.push(format!(
            "every provision needs an answer (yes, no or partly); not answered: {}",
            unanswered.join(", ")
        ));
    }
    if !no_action.is_empty() {
        out.push(format!(
            "a provision that does not fully comply needs the action and the target date to \
             comply: {}",
            no_action.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provisions::EDITION_2024;

    fn yes() -> Option<Answer> {
        Some(Answer {
            complies: Complies::Yes,
            has_action: false,
            has_target_date: false,
        })
    }

    #[test]
    fn a_fully_answered_assessment_may_be_approved() {
        assert!(approval_problems(EDITION_2024, |_| yes()).is_empty());
    }

    #[test]
    fn unanswered_provisions_are_named() {
        let problems = approval_problems(EDITION_2024, |n| if n == "1.2" { None } else { yes() });
        assert_eq!(problems.len(), 1);
        assert!(problems[0].ends_with("not answered: 1.2"), "{problems:?}");
    }

    #[test]
    fn a_provision_not_fully_met_needs_an_action_and_a_target_date() {
        let answer = |action: bool, date: bool| {
            move |n: &str| {
                if n == "6.3" {
                    Some(Answer {
                        complies: Complies::Partly,
                        has_action: action,
                        has_target_date: date,
                    })
                } else {
                    yes()
                }
            }
        };
        for (action, date) in [(false, false), (true, false), (false, true)] {
            let problems = approval_problems(EDITION_2024, answer(action, date));
            assert_eq!(problems.len(), 1, "{action} {date}");
            assert!(problems[0].ends_with("comply: 6.3"), "{problems:?}");
        }
        assert!(approval_problems(EDITION_2024, answer(true, true)).is_empty());
    }

    #[test]
    fn compliance_is_yes_no_or_partly() {
        for c in Complies::ALL {
            assert_eq!(Complies::parse(c.as_str()), Ok(c));
        }
        assert!(Complies::parse("maybe").is_err());
    }
}
