//! What a landlord's deadlines and letters are made from, its complaint schemes with their
//! timescales, its working calendar and its own wording of letters, kept in memory for a
//! short while (docs/decisions/0008).
//!
//! Every request reads the landlord's `settings_version` with the session, in the one
//! statement that authorises it. A copy kept here is used only while its version is that
//! number, so a change made through any replica is seen by the next request everywhere; the
//! copy is also dropped after [`FRESH_FOR`], so memory holds only landlords in use.

use crate::error::ApiError;
use redress_domain::calendar::{BankHolidays, WorkingCalendar};
use redress_store::TenantScope;
use redress_store::landlords::{self, Landlord, Scheme};
use redress_store::letter_templates::{self, LetterTemplate};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a copy is used before it is read again, whatever its version.
pub const FRESH_FOR: Duration = Duration::from_secs(60);

/// A landlord's schemes and calendar as of one settings version.
#[derive(Debug)]
pub struct Rules {
    pub version: i64,
    /// The landlord's complaint schemes (Code 1.8, 4.1), by code.
    pub schemes: Vec<Scheme>,
    /// Working days: weekends, bank holidays and the landlord's closure days (Code 5.5).
    pub calendar: WorkingCalendar,
    /// The landlord's own wording of its letters, by kind.
    pub templates: Vec<LetterTemplate>,
}

impl Rules {
    /// The scheme with this id, if this copy has it.
    pub fn scheme(&self, id: Uuid) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.id == id)
    }

    /// The landlord's own wording of a kind of letter, if it has any.
    pub fn template(&self, kind: &str) -> Option<&LetterTemplate> {
        self.templates.iter().find(|t| t.kind == kind)
    }
}

struct Kept {
    read_at: Instant,
    rules: Arc<Rules>,
}

/// The copies this server process keeps, one per landlord.
#[derive(Default)]
pub struct RulesCache {
    kept: Mutex<HashMap<Uuid, Kept>>,
}

impl RulesCache {
    /// The landlord's rules at the version the request read with its session: the copy kept
    /// when it is that version and fresh, else read through `conn` (inside the caller's
    /// transaction when it has one) and kept.
    pub async fn of(
        &self,
        conn: &impl redress_store::ConnectionTrait,
        bank_holidays: &BankHolidays,
        scope: TenantScope,
        landlord: &Landlord,
    ) -> Result<Arc<Rules>, ApiError> {
        if let Some(rules) = self.fresh(landlord, Instant::now()) {
            return Ok(rules);
        }
        let schemes = landlords::schemes(conn, scope).await?;
        let closures = landlords::closure_days(conn, scope).await?;
        let templates = letter_templates::list(conn, scope).await?;
        let rules = Arc::new(Rules {
            version: landlord.settings_version,
            schemes,
            calendar: WorkingCalendar::new(bank_holidays, closures),
            templates,
        });
        self.keep(landlord.id, Arc::clone(&rules), Instant::now());
        Ok(rules)
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Uuid, Kept>> {
        // A panic while the lock was held left nothing half-written: every entry is replaced
        // whole.
        self.kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn fresh(&self, landlord: &Landlord, now: Instant) -> Option<Arc<Rules>> {
        let kept = self.lock();
        let k = kept.get(&landlord.id)?;
        (k.rules.version == landlord.settings_version && now.duration_since(k.read_at) < FRESH_FOR)
            .then(|| Arc::clone(&k.rules))
    }

    fn keep(&self, landlord_id: Uuid, rules: Arc<Rules>, now: Instant) {
        let mut kept = self.lock();
        // A request that read an older version with its session, and finished later, does not
        // replace a newer copy.
        if kept
            .get(&landlord_id)
            .is_some_and(|k| k.rules.version > rules.version)
        {
            return;
        }
        kept.retain(|_, k| now.duration_since(k.read_at) < FRESH_FOR);
        kept.insert(
            landlord_id,
            Kept {
                read_at: now,
                rules,
            },
        );
    }

    /// How many landlords' rules are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(version: i64) -> Arc<Rules> {
        Arc::new(Rules {
            version,
            schemes: Vec::new(),
            calendar: WorkingCalendar::new(
                &BankHolidays::england_and_wales().expect("bank holidays"),
                Vec::new(),
            ),
            templates: Vec::new(),
        })
    }

    fn landlord(id: Uuid, version: i64) -> Landlord {
        Landlord {
            id,
            name: "Test Homes".into(),
            slug: "test-homes".into(),
            kind: redress_domain::values::LandlordKind::HousingAssociation,
            homes_low_cost_rental: 0,
            homes_low_cost_home_ownership: 0,
            reference_prefix: "TH".into(),
            status: redress_domain::values::LandlordStatus::Active,
            restriction_review_months: 6,
            letter_name: None,
            logo_url: None,
            contact_block: None,
            require_mfa: false,
            settings_version: version,
            performance_targets: Default::default(),
            remedy_bands: None,
            compensation_policy: None,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn a_copy_serves_only_its_own_version() {
        let cache = RulesCache::default();
        let id = Uuid::now_v7();
        let now = Instant::now();
        cache.keep(id, rules(3), now);
        assert!(cache.fresh(&landlord(id, 3), now).is_some());
        // Another replica changed the settings: the session read version 4.
        assert!(cache.fresh(&landlord(id, 4), now).is_none());
        assert!(cache.fresh(&landlord(Uuid::now_v7(), 3), now).is_none());
    }

    #[test]
    fn a_copy_is_read_again_after_a_minute() {
        let cache = RulesCache::default();
        let id = Uuid::now_v7();
        let then = Instant::now();
        cache.keep(id, rules(1), then);
        assert!(
            cache
                .fresh(&landlord(id, 1), then + FRESH_FOR / 2)
                .is_some()
        );
        assert!(cache.fresh(&landlord(id, 1), then + FRESH_FOR).is_none());
    }

    #[test]
    fn an_older_version_does_not_replace_a_newer_one() {
        let cache = RulesCache::default();
        let id = Uuid::now_v7();
        let now = Instant::now();
        cache.keep(id, rules(5), now);
        cache.keep(id, rules(4), now);
        assert!(cache.fresh(&landlord(id, 5), now).is_some());
        cache.keep(id, rules(6), now);
        assert!(cache.fresh(&landlord(id, 6), now).is_some());
    }

    #[test]
    fn stale_copies_leave_memory_when_another_is_kept() {
        let cache = RulesCache::default();
        let then = Instant::now();
        cache.keep(Uuid::now_v7(), rules(1), then);
        cache.keep(Uuid::now_v7(), rules(1), then);
        assert_eq!(cache.len(), 2);
        cache.keep(Uuid::now_v7(), rules(1), then + FRESH_FOR);
        assert_eq!(cache.len(), 1);
    }
}
