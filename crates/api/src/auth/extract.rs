//! Extractors: who is calling, at which landlord, in which role. Requiring a role means
//! adding a parameter: `Tenant<LandlordAdmins>`.

use crate::AppState;
use crate::auth::client::ClientAddress;
use crate::error::ApiError;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use redress_domain::roles::Role;
use redress_domain::values::LandlordStatus;
use redress_store::audit::Actor;
use redress_store::landlords::Landlord;
use redress_store::{Scoped, TenantScope, memberships, users};
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::Notify;
use uuid::Uuid;

/// A signed-in user (a valid access token of an enabled account, issued since its sessions
/// were last ended). A missing or bad token is 401.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user_id: Uuid,
    pub is_platform_admin: bool,
    /// The sign-in gave a second factor.
    pub mfa: bool,
    /// Where the request came from.
    pub client: ClientAddress,
}

impl AuthUser {
    /// The user as the audit log names them.
    pub fn actor(&self) -> Actor {
        Actor::user(self.user_id, self.client.text())
    }
}

/// Makes a request's body wait for its caller to be known: the extractors run side by side,
/// and a body that cannot be read would otherwise be answered (400, 422) before the caller is
/// found not to be signed in, not allowed, or not of this landlord (401, 403, 404). Access is
/// decided first; only then is the body's problem told.
#[derive(Default)]
pub struct AuthGate {
    done: AtomicBool,
    notify: Notify,
}

impl AuthGate {
    /// Opens the request's gate (the first extractor that decides access does).
    fn open(req: &HttpRequest) -> Arc<AuthGate> {
        if let Some(g) = req.extensions().get::<Arc<AuthGate>>() {
            return g.clone();
        }
        let gate = Arc::new(AuthGate::default());
        req.extensions_mut().insert(gate.clone());
        gate
    }

    /// The request's gate, when an extractor that decides access is among its handler's.
    pub fn of(req: &HttpRequest) -> Option<Arc<AuthGate>> {
        req.extensions().get::<Arc<AuthGate>>().cloned()
    }

    fn finish(&self) {
        self.done.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Waits until access has been decided.
    pub async fn decided(&self) {
        loop {
            let notified = self.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.done.load(Ordering::SeqCst) {
                return;
            }
            notified.await;
        }
    }
}

/// Finishes the gate however the extractor ends (success, refusal, or being dropped).
struct Finish(Arc<AuthGate>);

impl Drop for Finish {
    fn drop(&mut self) {
        self.0.finish();
    }
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state is missing")))
}

fn bearer(req: &HttpRequest) -> Result<String, ApiError> {
    let header = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized("sign in first: no access token was sent".into()))?;
    let value = header
        .to_str()
        .map_err(|_| ApiError::Unauthorized("the Authorization header is not readable".into()))?;
    value
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_owned())
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "send the access token as `Authorization: Bearer <token>`".into(),
            )
        })
}

/// The access token's claims, verified.
fn claims(req: &HttpRequest, state: &AppState) -> Result<super::jwt::Verified, ApiError> {
    let token = bearer(req)?;
    state.access_tokens.verify(&token).ok_or_else(|| {
        ApiError::Unauthorized("the access token is not valid or has expired".into())
    })
}

/// The session's checks on its user as the database has them now: still there, not disabled,
/// and the session not ended since the token was issued.
fn check_session(
    req: &HttpRequest,
    claims: &super::jwt::Verified,
    user: Result<users::User, redress_store::StoreError>,
) -> Result<AuthUser, ApiError> {
    let user = user.map_err(|e| match e {
        redress_store::StoreError::NotFound => {
            ApiError::Unauthorized("the access token's user no longer exists".into())
        }
        other => other.into(),
    })?;
    if user.disabled {
        return Err(ApiError::Unauthorized("this account is disabled".into()));
    }
    if user.session_version != claims.session_version {
        return Err(ApiError::Unauthorized(
            "this session has ended (the password was reset, or the account's sessions were \
             ended); please sign in again"
                .into(),
        ));
    }
    Ok(AuthUser {
        user_id: claims.user_id,
        is_platform_admin: user.is_platform_admin,
        mfa: claims.mfa,
        client: ClientAddress::of(req),
    })
}

async fn authenticate(req: HttpRequest) -> Result<AuthUser, ApiError> {
    let state = state(&req)?;
    let claims = claims(&req, &state)?;
    let user = users::get(&state.db, claims.user_id).await;
    check_session(&req, &claims, user)
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let finish = Finish(AuthGate::open(req));
        let req = req.clone();
        Box::pin(async move {
            let _finish = finish;
            authenticate(req).await
        })
    }
}

/// A platform admin (docs/roles.md, "The platform admin"). Anyone else signed in is 403.
#[derive(Debug, Clone)]
pub struct PlatformAdmin(pub AuthUser);

impl FromRequest for PlatformAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let finish = Finish(AuthGate::open(req));
        let req = req.clone();
        Box::pin(async move {
            let _finish = finish;
            let state = state(&req)?;
            let user = authenticate(req).await?;
            if user.is_platform_admin {
                if state.require_mfa && !user.mfa {
                    return Err(ApiError::Unauthorized(
                        "a platform admin must sign in with a second factor; please sign in again"
                            .into(),
                    ));
                }
                Ok(PlatformAdmin(user))
            } else {
                Err(ApiError::Forbidden(
                    "only a platform admin may do this".into(),
                ))
            }
        })
    }
}

/// Which roles of a landlord may use an endpoint.
pub trait Policy {
    const ROLES: &'static [Role];
    /// Completes "only ... may do this".
    const WHO: &'static str;
}

/// Any active member of the landlord.
pub struct AnyMember;
impl Policy for AnyMember {
    const ROLES: &'static [Role] = &Role::MEMBERSHIP;
    const WHO: &'static str = "members of this landlord";
}

/// `landlord_admin` only: settings, users, invitations, contractors.
pub struct LandlordAdmins;
impl Policy for LandlordAdmins {
    const ROLES: &'static [Role] = &[Role::LandlordAdmin];
    const WHO: &'static str = "a landlord admin";
}

/// Those who run complaints centrally: admins and complaints officers.
pub struct ComplaintsTeam;
impl Policy for ComplaintsTeam {
    const ROLES: &'static [Role] = &[Role::LandlordAdmin, Role::ComplaintsOfficer];
    const WHO: &'static str = "a landlord admin or complaints officer";
}

/// Staff who may log a complaint: any member of the landlord's own staff (Code 3.2).
pub struct Intake;
impl Policy for Intake {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str = "the landlord's complaints staff";
}

/// Staff who may ask for stage 2 on a resident's behalf (Code 6.10–6.12).
pub struct EscalationStaff;
impl Policy for EscalationStaff {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str = "the landlord's complaints staff";
}

/// Those who oversee complaint handling (Code 9.6, 9.7) and the complaints team.
pub struct Oversight;
impl Policy for Oversight {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::Mrc,
        Role::GoverningBody,
    ];
    const WHO: &'static str = "the MRC, the governing body and the complaints team";
}

/// Those who may open case files: the complaints team, handlers and contractors (their own
/// cases), and the MRC (read-only, audited).
pub struct CaseReaders;
impl Policy for CaseReaders {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
        Role::Mrc,
    ];
    const WHO: &'static str = "complaints staff, contractors and the MRC";
}

/// Those who work on cases: the complaints team, and handlers and contractors on the cases
/// allocated to them.
pub struct CaseWorkers;
impl Policy for CaseWorkers {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Contractor,
    ];
    const WHO: &'static str = "complaints staff and contractors working on the case";
}

/// The landlord's own staff and its oversight (not contractors, not the residents' panel).
pub struct LandlordStaff;
impl Policy for LandlordStaff {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
        Role::GoverningBody,
    ];
    const WHO: &'static str = "the landlord's staff and governance";
}

/// A member of the landlord named by the path's `{slug}`, in a role the policy allows.
/// Not a member (or no such landlord): 404. A member in another role: 403.
pub struct Tenant<P: Policy = AnyMember> {
    pub user_id: Uuid,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
    pub landlord: Landlord,
    pub scope: TenantScope,
    /// The database as this landlord sees it: on PostgreSQL every transaction names the
    /// landlord, and row-level security shows nothing else (deploy/SCALING.md).
    pub db: Scoped,
    /// Where the request came from.
    pub client: ClientAddress,
    _policy: PhantomData<P>,
}

impl<P: Policy> Tenant<P> {
    /// The caller as the audit log names them.
    pub fn actor(&self) -> Actor {
        Actor::user(self.user_id, self.client.text())
    }

    /// Puts the MRC's reading of personal data on the audit log: the MRC may read case files
    /// and residents' records (Code 9.5–9.7 and the Ombudsman's guidance on the role), and
    /// every reading is accounted for. Nothing is written for other roles.
    pub async fn audit_mrc_read(
        &self,
        db: &impl redress_store::Conn,
        kind: &str,
        subject: Option<Uuid>,
        mut detail: serde_json::Value,
    ) -> Result<(), ApiError> {
        if self.role != Role::Mrc {
            return Ok(());
        }
        if let Some(map) = detail.as_object_mut() {
            map.insert("role".into(), serde_json::Value::from("mrc"));
        }
        redress_store::audit::record(db, self.scope, &self.actor(), kind, subject, detail).await?;
        Ok(())
    }
}

/// The complaint a route under `/landlords/{slug}/complaints/{id}` is about.
fn case_in_path(req: &HttpRequest) -> Option<Uuid> {
    let pattern = req.match_pattern()?;
    if !pattern.contains("/landlords/{slug}/complaints/{id}") {
        return None;
    }
    req.match_info().get("id")?.parse().ok()
}

/// Whether a role at a landlord must have signed in with a second factor: admins always,
/// everyone where the landlord asks it (unless the operator turned the requirement off).
pub fn mfa_required_for(state: &AppState, role: Role, landlord: &Landlord) -> bool {
    state.require_mfa && (role == Role::LandlordAdmin || landlord.require_mfa)
}

impl<P: Policy + 'static> FromRequest for Tenant<P> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let finish = Finish(AuthGate::open(req));
        let req = req.clone();
        Box::pin(async move {
            let _finish = finish;
            let slug = req
                .match_info()
                .get("slug")
                .map(str::to_owned)
                .ok_or(ApiError::NotFound)?;
            let state = state(&req)?;
            let claims = claims(&req, &state)?;
            // The session, the landlord and the membership in one statement.
            let (user, authorized) =
                match memberships::authorize_session(&state.db, claims.user_id, &slug).await {
                    Ok(s) => (Ok(s.user), s.authorized),
                    Err(e) => (Err(e), None),
                };
            let user = check_session(&req, &claims, user)?;
            // A landlord that does not exist and one the user does not belong to are the same.
            let authorized = authorized.ok_or(ApiError::NotFound)?;
            let role = authorized.membership.role;
            if authorized.landlord.status == LandlordStatus::Suspended {
                return Err(ApiError::Forbidden(
                    "the operator has suspended this landlord's use of Redress; nothing has \
                     been removed, and access returns when it is reinstated"
                        .into(),
                ));
            }
            if mfa_required_for(&state, role, &authorized.landlord) && !user.mfa {
                return Err(ApiError::Unauthorized(format!(
                    "{} asks you to sign in with a second factor; please sign in again",
                    authorized.landlord.name
                )));
            }
            if !P::ROLES.contains(&role) {
                return Err(ApiError::Forbidden(format!(
                    "only {} may do this; you are signed in as {}",
                    P::WHO,
                    role
                )));
            }
            // A case the caller may not see is not there for them, whatever else the request
            // says: decided here, before its body is read.
            if let Some(id) = case_in_path(&req)
                && matches!(role, Role::CaseHandler | Role::Contractor)
            {
                let allocation = redress_store::complaints::allocation(
                    &Scoped::new(&state.db, authorized.scope),
                    authorized.scope,
                    id,
                )
                .await?;
                if !redress_domain::roles::sees_case(
                    role,
                    user.user_id,
                    authorized.membership.contractor_id,
                    &allocation,
                ) {
                    return Err(ApiError::NotFound);
                }
            }
            Ok(Tenant {
                user_id: user.user_id,
                role,
                contractor_id: authorized.membership.contractor_id,
                landlord: authorized.landlord,
                scope: authorized.scope,
                db: Scoped::new(&state.db, authorized.scope),
                client: user.client,
                _policy: PhantomData,
            })
        })
    }
}

/// Who may read residents' personal data and service requests: the complaints staff, and the
/// MRC, who may open case files read-only (Code 9.5–9.7 and the Ombudsman's MRC guidance).
/// Not contractors, the governing body or the residents' panel.
pub struct ResidentReaders;
impl Policy for ResidentReaders {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
        Role::Mrc,
    ];
    const WHO: &'static str = "the landlord's complaints staff and the MRC";
}

/// Who may record and change residents and service requests: the complaints staff.
pub struct ResidentWriters;
impl Policy for ResidentWriters {
    const ROLES: &'static [Role] = &[
        Role::LandlordAdmin,
        Role::ComplaintsOfficer,
        Role::CaseHandler,
    ];
    const WHO: &'static str = "the landlord's complaints staff";
}

/// A caller who may or may not be signed in: no `Authorization` header is anonymous, but a
/// header with a bad token is still 401 (a bad token is never silently ignored).
#[derive(Debug, Clone)]
pub enum MaybeSignedIn {
    Anonymous,
    SignedIn(AuthUser),
}

impl FromRequest for MaybeSignedIn {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let finish = Finish(AuthGate::open(req));
        let req = req.clone();
        Box::pin(async move {
            let _finish = finish;
            if req
                .headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .is_none()
            {
                return Ok(MaybeSignedIn::Anonymous);
            }
            authenticate(req).await.map(MaybeSignedIn::SignedIn)
        })
    }
}
