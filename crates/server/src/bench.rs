//! `redress bench-digests`: the weekly digest benchmark of BENCHMARKS.md. It gives every
//! landlord a number of weekly-digest subscribers, then times the two halves of a Monday's
//! digests: building them and queuing them in the outbox (the scheduler's own code), and
//! handing them to SMTP (the outbox worker's own code).

use anyhow::Context;
use chrono::NaiveDate;
use redress_domain::roles::Role;
use redress_notify::{Jobs, OutboxWorker, Scheduler};
use redress_store::page::PageRequest;
use redress_store::subscriptions::{self, Choices, Frequency};
use redress_store::{DatabaseConnection, StoreError, TenantScope, landlords, memberships, users};
use std::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct DigestBench {
    pub landlords: usize,
    pub subscribers: usize,
    pub queued: usize,
    pub build_seconds: f64,
    pub delivered: usize,
    pub deliver_seconds: f64,
}

/// Makes sure each landlord has at least `per_landlord` users taking the weekly digest,
/// adding complaints officers `digest-N@<slug>.example.org` as needed.
async fn ensure_subscribers(
    db: &DatabaseConnection,
    password_hash: &str,
    per_landlord: usize,
) -> anyhow::Result<(usize, usize)> {
    let mut landlords_seen = 0;
    let mut total = 0;
    let mut req = PageRequest {
        limit: 200,
        after: None,
    };
    loop {
        let page = landlords::page_all(db, req).await?;
        for l in &page.items {
            landlords_seen += 1;
            let scope = TenantScope::for_system_task(l.id);
            let mut have = subscriptions::recipients(db, scope)
                .await?
                .iter()
                .filter(|r| r.choices.weekly_digest)
                .count();
            let mut n = 0;
            while have < per_landlord {
                n += 1;
                let email = format!("digest-{n}@{}.example.org", l.slug);
                let user = users::upsert_with_password(
                    db,
                    &email,
                    &format!("Digest reader {n}"),
                    password_hash.to_owned(),
                    false,
                )
                .await?;
                match memberships::get_user(db, scope, user.id).await {
                    // Already a member, and counted above if subscribed.
                    Ok(_) => continue,
                    Err(StoreError::NotFound) => {
                        memberships::grant(db, scope, user.id, Role::ComplaintsOfficer, None)
                            .await?;
                    }
                    Err(e) => return Err(e.into()),
                }
                let before =
                    subscriptions::get(db, scope, user.id, Role::ComplaintsOfficer).await?;
                if !before.weekly_digest {
                    subscriptions::put(
                        db,
                        scope,
                        user.id,
                        Choices {
                            weekly_digest: true,
                            performance_digest: Frequency::Never,
                            ..before
                        },
                    )
                    .await?;
                }
                have += 1;
            }
            total += have;
        }
        match page.next {
            Some(next) => req.after = Some(next),
            None => break,
        }
    }
    Ok((landlords_seen, total))
}

/// Runs the benchmark for the week of `day` (a Monday, say) with the scheduler's own code,
/// and delivers through the outbox worker's.
pub async fn weekly_digests(
    db: &DatabaseConnection,
    scheduler: Scheduler,
    worker: OutboxWorker,
    password_hash: &str,
    per_landlord: usize,
    day: NaiveDate,
) -> anyhow::Result<DigestBench> {
    let (landlords, subscribers) = ensure_subscribers(db, password_hash, per_landlord)
        .await
        .context("adding digest subscribers")?;
    // The week's digests may have been sent by an earlier run: forget them.
    redress_store::schedule::forget(db, "weekly_digest:").await?;
    let started = Instant::now();
    let report = scheduler
        .run_jobs(
            day,
            Jobs {
                reminders: false,
                weekly_digests: true,
                performance_digests: false,
            },
        )
        .await?;
    let build_seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        report.failed_landlords == 0,
        "{} landlords failed",
        report.failed_landlords
    );
    let started = Instant::now();
    let mut delivered = 0;
    loop {
        let n = worker.try_execute_task().await?;
        if n == 0 {
            break;
        }
        delivered += n;
    }
    Ok(DigestBench {
        landlords,
        subscribers,
        queued: report.weekly_digests,
        build_seconds,
        delivered,
        deliver_seconds: started.elapsed().as_secs_f64(),
    })
}
