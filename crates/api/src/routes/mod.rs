//! One file per resource.

pub mod adjustments;
pub mod annual_reports;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod complaints;
pub mod contractors;
pub mod dashboard;
pub mod disclosures;
pub mod early_warning;
pub mod exceptional;
pub mod landlords;
pub mod learning;
pub mod letters;
pub mod me;
pub mod ops;
pub mod outbox;
pub mod platform;
pub mod public;
pub mod published;
pub mod residents;
pub mod restrictions;
pub mod reviews;
pub mod sector_figures;
pub mod self_assessments;
pub mod service_requests;
pub mod settings;
pub mod submission;
pub mod subscriptions;
pub mod tracking;
pub mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// The routes under `/api/v1`.
/// The routes under `/api/v1/public`, which need no sign-in: the landlord's public page and
/// documents, and what residents do online.
pub fn configure_public(cfg: &mut ServiceConfig) {
    public::configure(cfg);
    tracking::configure(cfg);
}

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::mfa_verify)
        .service(auth::mfa_enrol)
        .service(auth::mfa_enrol_confirm)
        .service(auth::refresh)
        .service(auth::logout)
        .service(auth::password_reset_request)
        .service(auth::password_reset_confirm)
        .service(auth::email_change_confirm)
        .service(me::me)
        .service(me::mfa_status)
        .service(me::mfa_enrol)
        .service(me::mfa_confirm)
        .service(me::mfa_recovery_codes)
        .service(me::email_change)
        .service(users::show_invitation)
        .service(users::accept_invitation)
        .service(landlords::create)
        .service(landlords::list)
        .service(landlords::suspend)
        .service(landlords::reinstate)
        .service(settings::get)
        .service(settings::patch)
        .service(settings::closure_days_effect)
        .service(users::list)
        .service(users::patch)
        .service(users::invite)
        .service(users::list_invitations)
        .service(users::resend_invitation)
        .service(users::revoke_invitation)
        .service(users::reset_mfa)
        .service(contractors::list)
        .service(contractors::create)
        .service(contractors::get)
        .service(contractors::patch)
        .service(residents::list)
        .service(residents::create)
        .service(residents::get)
        .service(residents::patch)
        .service(adjustments::list)
        .service(adjustments::create)
        .service(adjustments::patch)
        .service(adjustments::review)
        .service(disclosures::list)
        .service(disclosures::create)
        .service(service_requests::list)
        .service(service_requests::create)
        .service(service_requests::get)
        .service(service_requests::patch)
        .service(reviews::list)
        .service(restrictions::list)
        .service(restrictions::create)
        .service(restrictions::review)
        .service(restrictions::end)
        .service(calendar::due)
        .service(audit::list)
        .service(audit::export)
        .service(outbox::list)
        .service(outbox::retry)
        .service(dashboard::dashboard)
        .service(dashboard::cases)
        .service(dashboard::tsm)
        .service(subscriptions::get)
        .service(subscriptions::put)
        .service(subscriptions::unsubscribe_page)
        .service(subscriptions::unsubscribe)
        .service(complaints::tracking_link::reissue)
        .service(complaints::keep_informed::get)
        .service(complaints::keep_informed::set)
        .service(complaints::keep_informed::end)
        .service(complaints::intake::list)
        .service(complaints::intake::views)
        .service(complaints::intake::create)
        .service(complaints::intake::get)
        .service(complaints::intake::timeline)
        .service(complaints::previews::acknowledge)
        .service(complaints::previews::not_accept)
        .service(complaints::previews::extend)
        .service(complaints::previews::respond)
        .service(complaints::previews::refuse_escalation)
        .service(complaints::previews::additional)
        .service(complaints::previews::create)
        .service(complaints::actions::acknowledge)
        .service(complaints::actions::not_accept)
        .service(complaints::actions::allocate)
        .service(complaints::actions::extend)
        .service(complaints::actions::respond)
        .service(complaints::actions::escalate)
        .service(complaints::actions::refuse_escalation)
        .service(complaints::actions::close)
        .service(complaints::actions::additional)
        .service(complaints::records::patch_remedy)
        .service(complaints::records::patch_action)
        .service(complaints::correspondence::list)
        .service(complaints::correspondence::record)
        .service(complaints::attachments::list)
        .service(complaints::attachments::upload)
        .service(complaints::attachments::download)
        .service(complaints::attachments::attach_consent_evidence)
        .service(complaints::ombudsman::refer)
        .service(complaints::ombudsman::patch_referral)
        .service(complaints::ombudsman::patch_order)
        .service(complaints::ombudsman::request_information)
        .service(complaints::remedy_guidance::remedy_guidance)
        .service(complaints::bundle::bundle)
        .service(complaints::ombudsman::answer_information_request)
        .service(letters::for_complaint)
        .service(letters::list)
        .service(letters::posted)
        .service(letters::printed)
        .service(letters::print)
        .service(letters::templates)
        .service(letters::put_template)
        .service(letters::delete_template)
        .service(learning::list)
        .service(learning::create)
        .service(early_warning::list)
        .service(early_warning::dismiss)
        .service(learning::get)
        .service(learning::patch)
        .service(learning::publish)
        .service(learning::withdraw)
        .service(exceptional::get)
        .service(exceptional::post)
        .service(exceptional::end)
        .service(exceptional::history)
        .service(published::publish)
        .service(published::list)
        .service(self_assessments::list)
        .service(self_assessments::get)
        .service(self_assessments::put)
        .service(self_assessments::approve)
        .service(self_assessments::publish)
        .service(self_assessments::export)
        .service(self_assessments::import)
        .service(self_assessments::submission)
        .service(submission::get_submission)
        .service(submission::record_resubmission)
        .service(annual_reports::list)
        .service(annual_reports::get)
        .service(annual_reports::put)
        .service(annual_reports::respond)
        .service(annual_reports::publish)
        .service(annual_reports::export)
        .service(platform::landlords)
        .service(platform::find_account)
        .service(platform::disable_account)
        .service(platform::enable_account)
        .service(platform::reset_account_mfa)
        .service(platform::audit_log)
        .service(platform::sector_figures)
        .service(platform::record_sector_figures)
        .service(platform::remove_sector_figures)
        .service(sector_figures::list)
        .service(sector_figures::put)
        .service(sector_figures::delete);
}
