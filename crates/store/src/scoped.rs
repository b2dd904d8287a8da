//! The database as one landlord (or, explicitly, every landlord) sees it.
//!
//! On PostgreSQL every tenant table has a row-level security policy (migration 53): a
//! transaction sees and writes only the rows of the landlord its `redress.landlord_id` setting
//! names, and nothing at all when it names none. [`Scoped`] is the connection that sets it:
//! each transaction it begins first runs `set_config('redress.landlord_id', …, true)`, the
//! function form of `SET LOCAL`, which ends with the transaction and so never passes to the
//! next user of a pooled connection. A statement run on it outside a transaction gets a
//! transaction of its own for the same reason.
//!
//! This is the second line. The first is that every repository function takes a
//! [`TenantScope`] and filters by it; the policies make a forgotten filter return nothing
//! rather than another landlord's rows.
//!
//! The filter is applied where a query starts: `tenant::find`, `tenant::find_by_id`,
//! `tenant::update_many` and `tenant::delete_many` take the scope and filter by its landlord.
//! A bare `Entity::find` (or `find_by_id`, `update_many`, `delete_many`, `delete_by_id`) is
//! refused by clippy (clippy.toml); a query across landlords goes through
//! `tenant::across_landlords` and names its [`Purpose`].
//!
//! Work that must cross landlords says so with [`Scoped::all_landlords`] and a [`Purpose`]:
//! the transaction then sets `redress.all_landlords` to the purpose's name instead, is counted
//! in the `redress_all_landlords_transactions_total{purpose}` metric and logged (at info level,
//! or debug for the worker's routine) within the request or job it belongs to. SQLite has no row-level security; there the
//! connection is used as it is.

use crate::TenantScope;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, IsolationLevel, QueryResult, Statement, TransactionError, TransactionOptions,
    TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;

/// Why a piece of work reads or writes across landlords. Each is a path named in
/// deploy/SCALING.md ("Paths that read or write across landlords").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The outbox worker: claims and settles every landlord's mail.
    OutboxWorker,
    /// The scheduler: finds the landlords, then the day's reminders and digests.
    Scheduler,
    /// Signing in and the account itself: a user's memberships of every landlord, the
    /// platform's own mail (password resets, which belong to no landlord).
    Accounts,
    /// Accepting an invitation, found by its token alone.
    Invitations,
    /// The public unsubscribe link, found by its token alone.
    Unsubscribe,
    /// The platform admin's work: landlords, their usage, accounts.
    PlatformAdmin,
    /// The operator's commands: demo data, generated benchmark data, copies and backups.
    Operator,
    /// Health and metrics: counts over the whole outbox.
    Monitoring,
    /// Clearing away what has expired: unsubscribe links a year old.
    Housekeeping,
}

impl Purpose {
    /// The server's own background work, which runs every few seconds: logged at debug level
    /// rather than info.
    pub fn is_routine(self) -> bool {
        matches!(
            self,
            Purpose::OutboxWorker | Purpose::Monitoring | Purpose::Housekeeping
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::OutboxWorker => "outbox_worker",
            Purpose::Scheduler => "scheduler",
            Purpose::Accounts => "accounts",
            Purpose::Invitations => "invitations",
            Purpose::Unsubscribe => "unsubscribe",
            Purpose::PlatformAdmin => "platform_admin",
            Purpose::Operator => "operator",
            Purpose::Monitoring => "monitoring",
            Purpose::Housekeeping => "housekeeping",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sight {
    Landlord(TenantScope),
    AllLandlords(Purpose),
}

/// A connection whose every transaction names the landlord it works for (see the module).
#[derive(Debug, Clone)]
pub struct Scoped {
    db: DatabaseConnection,
    sight: Sight,
}

/// What the repositories run on: a connection that may begin transactions of the usual kind.
pub trait Conn:
    ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction> + Send + Sync
{
}
impl<T> Conn for T where
    T: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction> + Send + Sync
{
}

impl Scoped {
    /// The database as the landlord of `scope` sees it.
    pub fn new(db: &DatabaseConnection, scope: TenantScope) -> Self {
        Self {
            db: db.clone(),
            sight: Sight::Landlord(scope),
        }
    }

    /// The database across every landlord, for `purpose` only.
    pub fn all_landlords(db: &DatabaseConnection, purpose: Purpose) -> Self {
        Self {
            db: db.clone(),
            sight: Sight::AllLandlords(purpose),
        }
    }

    /// The same database across every landlord, for `purpose` only.
    pub fn across(&self, purpose: Purpose) -> Self {
        Self::all_landlords(&self.db, purpose)
    }

    /// The landlord this connection works for, if it works for one.
    pub fn scope(&self) -> Option<TenantScope> {
        match self.sight {
            Sight::Landlord(scope) => Some(scope),
            Sight::AllLandlords(_) => None,
        }
    }

    fn postgres(&self) -> bool {
        self.db.get_database_backend() == DbBackend::Postgres
    }

    /// Names the landlord (or the purpose) for the rest of `txn`.
    async fn name_sight(&self, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        if !self.postgres() {
            return Ok(());
        }
        let (setting, value) = match self.sight {
            Sight::Landlord(scope) => ("redress.landlord_id", scope.landlord_id().to_string()),
            Sight::AllLandlords(purpose) => {
                metrics::counter!(
                    "redress_all_landlords_transactions_total",
                    "purpose" => purpose.as_str()
                )
                .increment(1);
                if purpose.is_routine() {
                    tracing::debug!(purpose = purpose.as_str(), "a transaction across landlords");
                } else {
                    tracing::info!(purpose = purpose.as_str(), "a transaction across landlords");
                }
                ("redress.all_landlords", purpose.as_str().to_owned())
            }
        };
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config($1, $2, true)",
            [setting.into(), value.into()],
        ))
        .await?;
        Ok(())
    }

    async fn in_own_transaction<T, F>(&self, run: F) -> Result<T, DbErr>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            )
                -> Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 'c>>
            + Send,
        T: Send,
    {
        let txn = self.begin().await?;
        let out = run(&txn).await?;
        txn.commit().await?;
        Ok(out)
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Scoped {
    fn get_database_backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        if !self.postgres() {
            return self.db.execute_raw(stmt).await;
        }
        self.in_own_transaction(|txn| Box::pin(txn.execute_raw(stmt)))
            .await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        if !self.postgres() {
            return self.db.execute_unprepared(sql).await;
        }
        let sql = sql.to_owned();
        self.in_own_transaction(|txn| Box::pin(async move { txn.execute_unprepared(&sql).await }))
            .await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        if !self.postgres() {
            return self.db.query_one_raw(stmt).await;
        }
        self.in_own_transaction(|txn| Box::pin(txn.query_one_raw(stmt)))
            .await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        if !self.postgres() {
            return self.db.query_all_raw(stmt).await;
        }
        self.in_own_transaction(|txn| Box::pin(txn.query_all_raw(stmt)))
            .await
    }
}

#[async_trait::async_trait]
impl TransactionTrait for Scoped {
    type Transaction = DatabaseTransaction;

    async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        let txn = self.db.begin().await?;
        self.name_sight(&txn).await?;
        Ok(txn)
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DatabaseTransaction, DbErr> {
        let txn = self
            .db
            .begin_with_config(isolation_level, access_mode)
            .await?;
        self.name_sight(&txn).await?;
        Ok(txn)
    }

    async fn begin_with_options(
        &self,
        options: TransactionOptions,
    ) -> Result<DatabaseTransaction, DbErr> {
        let txn = self.db.begin_with_options(options).await?;
        self.name_sight(&txn).await?;
        Ok(txn)
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            ) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.transaction_with_config(callback, None, None).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            ) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        let txn = self
            .begin_with_config(isolation_level, access_mode)
            .await
            .map_err(TransactionError::Connection)?;
        match callback(&txn).await {
            Ok(out) => {
                txn.commit().await.map_err(TransactionError::Connection)?;
                Ok(out)
            }
            Err(e) => {
                txn.rollback().await.map_err(TransactionError::Connection)?;
                Err(TransactionError::Transaction(e))
            }
        }
    }
}
