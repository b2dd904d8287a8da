//! A complaint as received, from staff intake or the resident's own online form, parsed into
//! what the `log_complaint` verb takes. Every bad field is named at once.

use super::resident::ResidentInput;
use crate::error::{ApiError, Fields};
use crate::use_cases::log_complaint::{NewCase, ResidentChoice};
use chrono::NaiveDate;
use redress_domain::complaint::{Channel, Tenure, check_effective_date};
use redress_domain::values::{EmailAddress, required_text};
use redress_store::complaints::Representative;
use redress_store::landlords::Scheme;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RepresentativeInput {
    pub name: String,
    /// e.g. "daughter", "advocate", "ward councillor".
    pub relationship: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// When the resident consented to the representative acting for them (Code 3.6).
    pub consent_on: NaiveDate,
    /// How consent was given and where its evidence is kept.
    pub consent_evidence: String,
}

/// A complaint as received, in the resident's own words. The word "complaint" is never
/// required (Code 1.3).
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewComplaintRequest {
    /// An existing resident of this landlord...
    pub resident_id: Option<Uuid>,
    /// ...or a new one.
    pub resident: Option<ResidentInput>,
    /// `online`, `phone`, `email`, `letter`, `in_person`, `social_media`, `representative`,
    /// `councillor_or_mp`.
    pub channel: String,
    pub received_on: NaiveDate,
    /// The complaint in the resident's own words.
    pub description: String,
    /// When the issue occurred or the resident became aware of it (Code 2.3).
    pub issue_date: Option<NaiveDate>,
    pub category: String,
    pub service_area: Option<String>,
    pub outcomes_sought: Option<String>,
    pub representative: Option<RepresentativeInput>,
    /// An open service request the complaint is raised from (Code 1.5); it stays open.
    pub service_request_id: Option<Uuid>,
    /// The scheme's code; `housing` when absent.
    pub scheme: Option<String>,
    /// The tenure of the home the complaint is about: `low_cost_rental` or
    /// `low_cost_home_ownership` (the Regulator's CH01 reports them separately).
    pub tenure: Option<String>,
}

pub(crate) fn optional_text(
    f: &mut Fields,
    field: &str,
    v: Option<&str>,
    max: usize,
) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
        .and_then(|s| f.check(field, required_text(s, max)))
}

impl NewComplaintRequest {
    /// Checks every field against the landlord's schemes, with those the caller found
    /// already (`f`); `extra_flags` are the channel's own (`online`, ...).
    pub fn parse(
        self,
        schemes: Vec<Scheme>,
        today: NaiveDate,
        extra_flags: Vec<String>,
        mut f: Fields,
    ) -> Result<NewCase, ApiError> {
        let b = self;
        let channel = f.check("channel", Channel::parse(&b.channel));
        if let Err(redress_domain::complaint::Refusal::Field { field, message }) =
            check_effective_date(None, b.received_on, today)
        {
            f.push(if field == "on" { "received_on" } else { field }, message);
        }
        let description = f.check("description", required_text(&b.description, 20_000));
        let tenure = b
            .tenure
            .as_deref()
            .and_then(|t| f.check("tenure", Tenure::parse(t)));
        let category = f.check("category", required_text(&b.category, 100));
        let service_area = optional_text(&mut f, "service_area", b.service_area.as_deref(), 100);
        let outcomes_sought = optional_text(
            &mut f,
            "outcomes_sought",
            b.outcomes_sought.as_deref(),
            5_000,
        );
        if let Some(issue) = b.issue_date
            && issue > b.received_on
        {
            f.push(
                "issue_date",
                "must not be after the day the complaint was received",
            );
        }
        let resident = match (b.resident_id, b.resident) {
            (Some(_), Some(_)) => {
                f.push("resident", "give either resident_id or resident, not both");
                None
            }
            (None, None) => {
                f.push(
                    "resident_id",
                    "is required (or give a new resident as `resident`)",
                );
                None
            }
            (None, Some(r)) => r.parse("resident.", &mut f).map(ResidentChoice::New),
            (Some(id), None) => Some(ResidentChoice::Existing(id)),
        };
        let representative = b.representative.and_then(|r| r.parse(today, &mut f));
        let scheme_code = b.scheme.unwrap_or_else(|| "housing".into());
        let scheme = schemes.into_iter().find(|s| s.code == scheme_code);
        if scheme.is_none() {
            f.push(
                "scheme",
                format!("`{scheme_code}` is not a complaint scheme of this landlord"),
            );
        }
        f.finish()?;
        let (Some(channel), Some(description), Some(category), Some(scheme), Some(resident)) =
            (channel, description, category, scheme, resident)
        else {
            return Err(ApiError::invalid("body", "is not valid"));
        };
        Ok(NewCase {
            resident,
            scheme,
            channel,
            received_on: b.received_on,
            description,
            issue_date: b.issue_date,
            category,
            service_area,
            outcomes_sought,
            representative,
            service_request_id: b.service_request_id,
            tenure,
            flags: extra_flags,
            adjustments_requested: None,
        })
    }
}

impl RepresentativeInput {
    fn parse(self, today: NaiveDate, f: &mut Fields) -> Option<Representative> {
        let r = self;
        let name = f.check("representative.name", required_text(&r.name, 200));
        let evidence = f.check(
            "representative.consent_evidence",
            required_text(&r.consent_evidence, 2_000),
        );
        if r.consent_on > today {
            f.push("representative.consent_on", "must not be in the future");
        }
        let relationship = optional_text(
            f,
            "representative.relationship",
            r.relationship.as_deref(),
            100,
        );
        let email = r
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
            .and_then(|e| f.check("representative.email", EmailAddress::parse(e)))
            .map(|e| e.as_str().to_owned());
        let phone = optional_text(f, "representative.phone", r.phone.as_deref(), 40);
        Some(Representative {
            name: name?,
            relationship,
            email,
            phone,
            consent_on: r.consent_on,
            consent_evidence: evidence?,
            // Uploaded after intake: POST .../representative/consent.
            consent_attachment_id: None,
        })
    }
}
