//! The roles of docs/roles.md, "The roles". A membership is (user, landlord, role, optional
//! contractor).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A role held through a membership of one landlord. `platform_admin` is held by the
/// operator of the service and is not a membership of any landlord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    PlatformAdmin,
    LandlordAdmin,
    /// The Code's "complaints officer" (Code 4.1).
    ComplaintsOfficer,
    CaseHandler,
    /// A user of a third-party contractor organisation handling stage 1 (Code 5.4, 5.5).
    Contractor,
    /// The Member Responsible for Complaints (Code 9.5–9.7).
    Mrc,
    GoverningBody,
    /// A residents' panel member (Code 9.3).
    PanelMember,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::PlatformAdmin,
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
        Role::Mrc,
        Role::GoverningBody,
        Role::PanelMember,
    ];

    /// The roles a landlord can grant through a membership.
    pub const MEMBERSHIP: [Role; 7] = [
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
        Role::Mrc,
        Role::GoverningBody,
        Role::PanelMember,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "platform_admin",
            Role::LandlordAdmin => "landlord_admin",
            Role::ComplaintsOfficer => "complaints_officer",
            Role::CaseHandler => "case_handler",
            Role::Contractor => "contractor",
            Role::Mrc => "mrc",
            Role::GoverningBody => "governing_body",
            Role::PanelMember => "panel_member",
        }
    }

    /// The role in words, as emails name it: "as a complaints officer".
    pub fn phrase(self) -> &'static str {
        match self {
            Role::PlatformAdmin => "a platform admin",
            Role::LandlordAdmin => "a landlord admin",
            Role::ComplaintsOfficer => "a complaints officer",
            Role::CaseHandler => "a case handler",
            Role::Contractor => "a contractor handling stage 1 complaints",
            Role::Mrc => "the Member Responsible for Complaints",
            Role::GoverningBody => "a member of the governing body",
            Role::PanelMember => "a residents' panel member",
        }
    }

    /// Staff who work on complaints inside the landlord (not contractors, not oversight).
    pub fn is_complaints_staff(self) -> bool {
        matches!(
            self,
            Role::LandlordAdmin | Role::ComplaintsOfficer | Role::CaseHandler
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role `{0}`; expected one of platform_admin, landlord_admin, complaints_officer, case_handler, contractor, mrc, governing_body, panel_member"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// Who a case is allocated to: the handler of each stage and the contractor organisation of
/// stage 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Allocation {
    pub stage1_handler: Option<uuid::Uuid>,
    pub stage2_handler: Option<uuid::Uuid>,
    pub contractor: Option<uuid::Uuid>,
}

/// Whether someone in `role` may see a case at all (those who may not are told it does not
/// exist): the complaints team and the MRC see every case (Code 9.5–9.7); a handler the
/// cases allocated to them; a contractor's users those allocated to their organisation
/// (Code 5.4, 5.5); no one else.
pub fn sees_case(
    role: Role,
    user: uuid::Uuid,
    contractor: Option<uuid::Uuid>,
    allocation: &Allocation,
) -> bool {
    match role {
        Role::LandlordAdmin | Role::ComplaintsOfficer | Role::Mrc => true,
        Role::CaseHandler => {
            allocation.stage1_handler == Some(user) || allocation.stage2_handler == Some(user)
        }
        Role::Contractor => contractor.is_some() && allocation.contractor == contractor,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn an_unknown_role_is_refused_with_the_list_of_roles() {
        let err = "owner".parse::<Role>().unwrap_err();
        assert!(err.to_string().contains("complaints_officer"));
    }

    #[test]
    fn a_membership_never_grants_platform_admin() {
        assert!(!Role::MEMBERSHIP.contains(&Role::PlatformAdmin));
    }
}
