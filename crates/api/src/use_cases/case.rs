//! The case a verb acts on: who is asking, the case as they may see it, and what its
//! deadlines are computed from (docs/roles.md, docs/rules.md).

use super::rules::Rules;
use crate::AppState;
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::calendar::WorkingCalendar;
use redress_domain::complaint::Stage;
use redress_domain::roles::Role;
use redress_store::Scoped;
use redress_store::TenantScope;
use redress_store::complaints::{self, Case};
use redress_store::landlords::{self, Landlord, Scheme};
use std::sync::Arc;
use uuid::Uuid;

/// Who is asking, for the case-level checks that the role policy alone cannot make.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub user_id: Uuid,
    pub role: Role,
    pub contractor_id: Option<Uuid>,
}

impl<P: crate::auth::Policy> From<&crate::auth::Tenant<P>> for Caller {
    fn from(t: &crate::auth::Tenant<P>) -> Self {
        Caller {
            user_id: t.user_id,
            role: t.role,
            contractor_id: t.contractor_id,
        }
    }
}

impl Caller {
    /// Whether the caller may see this case at all. Those who may not get 404.
    pub fn sees(&self, case: &Case) -> bool {
        let c = &case.complaint;
        redress_domain::roles::sees_case(
            self.role,
            self.user_id,
            self.contractor_id,
            &redress_domain::roles::Allocation {
                stage1_handler: c.stage1_handler_id,
                stage2_handler: c.stage2_handler_id,
                contractor: c.contractor_id,
            },
        )
    }

    /// Whether the caller may act on the case's current stage: the complaints team always; a
    /// handler on the stage allocated to them; a contractor on stage 1 only; never the MRC.
    pub fn may_work_on(&self, case: &Case) -> Result<(), ApiError> {
        self.may_work_on_stage(case, case.complaint.current_stage)
    }

    /// Whether the caller may work on a stage of the case (its actions, remedies and
    /// outstanding actions).
    pub fn may_work_on_stage(&self, case: &Case, stage: Stage) -> Result<(), ApiError> {
        if !self.sees(case) {
            return Err(ApiError::NotFound);
        }
        match self.role {
            Role::LandlordAdmin | Role::ComplaintsOfficer => Ok(()),
            Role::CaseHandler => {
                let handler = match stage {
                    Stage::One => case.complaint.stage1_handler_id,
                    Stage::Two => case.complaint.stage2_handler_id,
                };
                if handler == Some(self.user_id) {
                    Ok(())
                } else {
                    Err(ApiError::Forbidden(format!(
                        "only the handler allocated to stage {} may work on it",
                        stage.number()
                    )))
                }
            }
            Role::Contractor if stage == Stage::One => Ok(()),
            Role::Contractor => Err(ApiError::Forbidden(
                "contractors handle stage 1 only; stage 2 stays with the landlord".into(),
            )),
            Role::Mrc => Err(ApiError::Forbidden(
                "the MRC may read case files but never change them".into(),
            )),
            _ => Err(ApiError::Forbidden("you may not work on complaints".into())),
        }
    }

    /// Contractors never see stage 2 (its record, remedies, actions or events).
    pub fn sees_stage(&self, stage: Stage) -> bool {
        self.role != Role::Contractor || stage == Stage::One
    }

    /// The one stage the caller's lists are limited to: stage 1 for a contractor, whose
    /// stage 2 stays with the landlord (Code 5.4); none for everyone else.
    pub fn visible_stage(&self) -> Option<Stage> {
        (!self.sees_stage(Stage::Two)).then_some(Stage::One)
    }

    pub fn is_complaints_team(&self) -> bool {
        matches!(self.role, Role::LandlordAdmin | Role::ComplaintsOfficer)
    }
}

/// A contractor's users read a resident's adjustments and restrictions only when the resident
/// has a complaint allocated to their organisation: they must honour them in dealing with the
/// resident, and have no business with anyone else's (404, as for what does not exist).
pub async fn contractor_may_read_resident(
    state: &AppState,
    scope: TenantScope,
    role: Role,
    contractor_id: Option<Uuid>,
    resident_id: Uuid,
) -> Result<(), ApiError> {
    if role != Role::Contractor {
        return Ok(());
    }
    let Some(contractor) = contractor_id else {
        return Err(ApiError::NotFound);
    };
    if complaints::resident_has_contractor_case(
        &state.scoped(scope),
        scope,
        resident_id,
        contractor,
    )
    .await?
    {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// A loaded case with what its deadlines are computed from.
pub struct Loaded {
    pub case: Case,
    pub scheme: Scheme,
    pub calendar: WorkingCalendar,
    /// The resident's adjustments and any restriction in force, shown first on every case.
    pub needs: Needs,
}

/// What every handler must see before anything else (Code 3.1, 5.10, 5.14).
pub struct Needs {
    pub adjustments: Vec<redress_store::adjustments::Adjustment>,
    pub restriction: Option<redress_store::restrictions::Restriction>,
}

/// The landlord's schemes and calendar at the settings version the request's session read,
/// from the copy this process keeps when it is current (docs/decisions/0008).
pub async fn rules(
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
) -> Result<Arc<Rules>, ApiError> {
    rules_on(&state.scoped(scope), state, scope, landlord).await
}

/// [`rules`], read inside a transaction already open when no copy is current.
pub(crate) async fn rules_on(
    conn: &impl redress_store::ConnectionTrait,
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
) -> Result<Arc<Rules>, ApiError> {
    state
        .rules
        .of(conn, &state.bank_holidays, scope, landlord)
        .await
}

/// A case, or 404 for one the caller may not see.
fn seen_by(caller: &Caller, loaded: Loaded) -> Result<Loaded, ApiError> {
    if caller.sees(&loaded.case) {
        Ok(loaded)
    } else {
        Err(ApiError::NotFound)
    }
}

/// Loads a case the caller may see (else 404).
pub async fn load(
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    caller: &Caller,
    id: Uuid,
) -> Result<Loaded, ApiError> {
    seen_by(caller, read(state, scope, landlord, id).await?)
}

/// Reads a case for one whose right to it is already settled: the resident holding its
/// tracking link, or the verb that has just written it.
pub async fn read(
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    id: Uuid,
) -> Result<Loaded, ApiError> {
    // One read transaction for the case and what its deadlines need: on PostgreSQL each
    // statement outside one would be a transaction of its own, naming the landlord each time.
    let txn = redress_store::db::begin_read(&state.scoped(scope)).await?;
    let loaded = read_on(&txn, state, scope, landlord, id).await?;
    redress_store::db::commit(txn).await?;
    Ok(loaded)
}

/// Reads a case inside a transaction already open (a verb's own, after its change).
pub async fn read_on(
    conn: &impl redress_store::ConnectionTrait,
    state: &AppState,
    scope: TenantScope,
    landlord: &Landlord,
    id: Uuid,
) -> Result<Loaded, ApiError> {
    // The case and the resident's needs in one statement (docs/decisions/0009).
    let complaints::CaseFile {
        case,
        adjustments,
        restriction,
    } = complaints::load_with_needs(conn, scope, id).await?;
    let rules = rules_on(conn, state, scope, landlord).await?;
    let scheme = match rules.scheme(case.complaint.scheme_id) {
        Some(s) => s.clone(),
        // A scheme added after this request's session was read, and a complaint logged in it
        // since: read the schemes as they are now.
        None => landlords::schemes(conn, scope)
            .await?
            .into_iter()
            .find(|s| s.id == case.complaint.scheme_id)
            .ok_or_else(|| {
                ApiError::Internal(anyhow::anyhow!(
                    "complaint scheme {} is missing",
                    case.complaint.scheme_id
                ))
            })?,
    };
    Ok(Loaded {
        scheme,
        calendar: rules.calendar.clone(),
        case,
        needs: Needs {
            adjustments,
            restriction,
        },
    })
}

/// Who a verb acts for.
#[derive(Debug, Clone, Copy)]
pub enum By {
    /// A member of the landlord's staff or a contractor's, signed in.
    Staff(Caller),
    /// The resident, through their private tracking link (Code 1.2, 6.10).
    Resident,
}

/// What every verb needs to know about the request, built once by the handler: the landlord,
/// who is acting, and the day it is.
pub struct Context<'a> {
    pub state: &'a AppState,
    pub scope: TenantScope,
    pub landlord: &'a Landlord,
    pub by: By,
    pub today: NaiveDate,
    /// Where the request came from, for the audit log.
    pub client_address: Option<String>,
    /// When set, the verb is run only to see the letter it would send: the letter is left
    /// here and the change is rolled back (nothing is recorded, nothing goes).
    pub preview: Option<&'a Preview>,
}

/// The letter a verb would send, left by a run that was rolled back, so that the one acting
/// reads it before confirming (issue "The daily work", point 3).
#[derive(Default)]
pub struct Preview(std::sync::Mutex<Option<crate::letters::Written>>);

impl Preview {
    pub fn keep(&self, written: crate::letters::Written) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(written);
        }
    }

    pub fn take(&self) -> Option<crate::letters::Written> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

impl<'a> Context<'a> {
    /// A signed-in member of staff's request.
    pub fn staff<P: crate::auth::Policy>(
        state: &'a AppState,
        tenant: &'a crate::auth::Tenant<P>,
    ) -> Self {
        Context {
            state,
            scope: tenant.scope,
            landlord: &tenant.landlord,
            by: By::Staff(Caller::from(tenant)),
            today: crate::time::today(),
            client_address: Some(tenant.client.text()),
            preview: None,
        }
    }

    /// The same request, run only to see the letter it would send.
    pub fn previewing(self, preview: &'a Preview) -> Self {
        Context {
            preview: Some(preview),
            ..self
        }
    }

    /// The resident's request, through their tracking link.
    pub fn resident(state: &'a AppState, scope: TenantScope, landlord: &'a Landlord) -> Self {
        Context {
            state,
            scope,
            landlord,
            by: By::Resident,
            today: crate::time::today(),
            client_address: None,
            preview: None,
        }
    }

    /// Ends a verb's write transaction. Run for real, it is committed. Run only to see the
    /// letter it would send (issue "The daily work", point 3), the letter is kept for the one
    /// acting and the change is rolled back: nothing is recorded and nothing goes. A verb that
    /// sends no letter has none to preview.
    pub async fn settle(
        &self,
        txn: redress_store::DatabaseTransaction,
        written: Option<crate::letters::Written>,
    ) -> Result<(), ApiError> {
        match (self.preview, written) {
            (Some(preview), Some(written)) => {
                preview.keep(written);
                redress_store::db::rollback(txn).await?;
            }
            (Some(_), None) => {
                redress_store::db::rollback(txn).await?;
                return Err(ApiError::Conflict(
                    "this action sends no letter to preview".into(),
                ));
            }
            (None, _) => redress_store::db::commit(txn).await?,
        }
        Ok(())
    }

    /// The landlord's database, as row-level security lets this request see it.
    pub fn db(&self) -> Scoped {
        self.state.scoped(self.scope)
    }

    /// The member of staff acting, for events and letters; none for the resident.
    pub fn actor(&self) -> Option<Uuid> {
        match self.by {
            By::Staff(c) => Some(c.user_id),
            By::Resident => None,
        }
    }

    /// The member of staff acting and how the audit log names them; refused for the resident,
    /// whose tracking link reaches only the verbs of their own complaint.
    pub fn acting_staff(&self) -> Result<(Uuid, redress_store::audit::Actor), ApiError> {
        match self.by {
            By::Staff(c) => Ok((
                c.user_id,
                redress_store::audit::Actor::user(
                    c.user_id,
                    self.client_address.clone().unwrap_or_default(),
                ),
            )),
            By::Resident => Err(ApiError::Forbidden(
                "this is done by the landlord's staff".into(),
            )),
        }
    }

    /// The case, as the one acting may see it (else 404). The resident's right to their case
    /// was settled by their tracking link.
    pub async fn case(&self, id: Uuid) -> Result<Loaded, ApiError> {
        let loaded = read(self.state, self.scope, self.landlord, id).await?;
        self.sees(loaded)
    }

    /// [`Context::case`] inside a transaction already open (a verb's own write transaction).
    pub async fn case_on(
        &self,
        conn: &impl redress_store::ConnectionTrait,
        id: Uuid,
    ) -> Result<Loaded, ApiError> {
        let loaded = read_on(conn, self.state, self.scope, self.landlord, id).await?;
        self.sees(loaded)
    }

    fn sees(&self, loaded: Loaded) -> Result<Loaded, ApiError> {
        match &self.by {
            By::Staff(caller) => seen_by(caller, loaded),
            By::Resident => Ok(loaded),
        }
    }

    /// The landlord's complaint schemes (Code 1.8, 4.1: one per scheme it belongs to).
    pub async fn schemes(&self) -> Result<Vec<Scheme>, ApiError> {
        Ok(self.rules().await?.schemes.clone())
    }

    /// The landlord's schemes and calendar (kept in memory while current).
    pub async fn rules(&self) -> Result<Arc<Rules>, ApiError> {
        rules(self.state, self.scope, self.landlord).await
    }
}
