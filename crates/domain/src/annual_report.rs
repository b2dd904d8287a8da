//! The annual complaints performance and service improvement report (Code 8.1, 8.2): its
//! sections and its status.

vocabulary! {
    /// A report is a draft until published with its self-assessment; a published report is
    /// not changed.
    ReportStatus {
        Draft = "draft",
        Published = "published",
    }
}

/// The narrative sections of the report, in the order it prints them: an introduction, the
/// year's performance (Code 8.1a), complaints not accepted (8.1b), the Ombudsman's findings
/// (8.1c), the service improvements made (8.1d) and what comes next.
pub const SECTIONS: [&str; 6] = [
    "introduction",
    "performance",
    "complaints_not_accepted",
    "ombudsman",
    "service_improvements",
    "looking_ahead",
];
