//! The fixed lists of docs/rules.md, "The lists to choose from", each with its wire name.

use serde::{Deserialize, Serialize};

vocabulary! {
    /// How a complaint reached the landlord (Code 1.2, 3.1: any way, to any member of staff).
    Channel {
        Online = "online",
        Phone = "phone",
        Email = "email",
        Letter = "letter",
        InPerson = "in_person",
        SocialMedia = "social_media",
        Representative = "representative",
        CouncillorOrMp = "councillor_or_mp",
    }
}

vocabulary! {
    /// Where a complaint is in the process (docs/state-machine.md, "States").
    Status {
        Received = "received",
        Stage1Open = "stage1_open",
        Stage1Responded = "stage1_responded",
        Stage2Requested = "stage2_requested",
        Stage2Open = "stage2_open",
        Stage2Responded = "stage2_responded",
        NotAccepted = "not_accepted",
        Closed = "closed",
    }
}

vocabulary! {
    /// Why a complaint is not accepted, or an escalation refused (Code 2.1–2.5, 5.11).
    ExclusionReason {
        OutsideTimeLimit = "outside_time_limit",
        LegalProceedingsStarted = "legal_proceedings_started",
        PreviouslyConsidered = "previously_considered",
        NotAboutLandlord = "not_about_landlord",
        OtherProcess = "other_process",
        Other = "other",
    }
}

vocabulary! {
    /// The decision of a response (Code 6.9c, 6.19c).
    Decision {
        Upheld = "upheld",
        PartlyUpheld = "partly_upheld",
        NotUpheld = "not_upheld",
    }
}

vocabulary! {
    /// What a remedy puts right (Code 7.1–7.4).
    RemedyKind {
        Apology = "apology",
        Explanation = "explanation",
        Action = "action",
        Financial = "financial",
        DecisionChanged = "decision_changed",
        RecordAmended = "record_amended",
        PolicyChange = "policy_change",
        Other = "other",
    }
}

vocabulary! {
    /// A remedy's progress to completion (Code 7.3).
    RemedyStatus {
        Offered = "offered",
        InProgress = "in_progress",
        Completed = "completed",
        Declined = "declined",
    }
}

vocabulary! {
    /// An outstanding action's progress (Code 6.6).
    ActionStatus {
        Open = "open",
        InProgress = "in_progress",
        Completed = "completed",
    }
}

vocabulary! {
    /// Triage: how complex the complaint is (Code 6.1).
    Complexity {
        Straightforward = "straightforward",
        Complex = "complex",
    }
}

vocabulary! {
    /// Triage: vulnerability or risk to the resident (Code 6.1).
    Risk {
        None = "none",
        Low = "low",
        Medium = "medium",
        High = "high",
    }
}

vocabulary! {
    /// The Ombudsman's determination (docs/rules.md, "The Ombudsman").
    Determination {
        NoMaladministration = "no_maladministration",
        ServiceFailure = "service_failure",
        Maladministration = "maladministration",
        SevereMaladministration = "severe_maladministration",
        OutsideJurisdiction = "outside_jurisdiction",
        Withdrawn = "withdrawn",
    }
}

vocabulary! {
    /// Whether the landlord received correspondence or sent it (Code 5.12).
    Direction {
        In = "in",
        Out = "out",
    }
}

vocabulary! {
    /// The tenure of the home a complaint is about, as the Regulator's measures split them
    /// (TSM CH01: low-cost rental accommodation and low-cost home ownership).
    Tenure {
        LowCostRental = "low_cost_rental",
        LowCostHomeOwnership = "low_cost_home_ownership",
    }
}

vocabulary! {
    /// How correspondence travelled.
    CorrespondenceChannel {
        Email = "email",
        Letter = "letter",
        Phone = "phone",
        InPerson = "in_person",
        Online = "online",
        Text = "text",
        Other = "other",
    }
}

vocabulary! {
    /// Where a service request is (Code 1.2–1.5): a request for a service, not a complaint,
    /// until the resident is dissatisfied with how it is handled.
    ServiceRequestStatus {
        Open = "open",
        InProgress = "in_progress",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

impl ServiceRequestStatus {
    /// Still being handled. A complaint may be raised from it, and raising one does not stop
    /// the handling (Code 1.5).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ServiceRequestStatus::Open | ServiceRequestStatus::InProgress
        )
    }
}

/// The two stages of the process (Code 5.2, 5.3): there are exactly two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum Stage {
    One = 1,
    Two = 2,
}

impl Stage {
    pub fn number(self) -> i32 {
        self as i32
    }
    pub fn from_number(n: i32) -> Option<Stage> {
        match n {
            1 => Some(Stage::One),
            2 => Some(Stage::Two),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_round_trips() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()), Ok(*c));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Ok(*s));
        }
        for k in RemedyKind::ALL {
            assert_eq!(RemedyKind::parse(k.as_str()), Ok(*k));
        }
    }

    #[test]
    fn an_unknown_word_is_refused_with_the_list() {
        let err = ExclusionReason::parse("too_late").unwrap_err();
        assert!(err.contains("outside_time_limit"));
        assert!(err.contains("other_process"));
    }
}
