use redress_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr, TransactionTrait,
};
use std::time::Duration;

/// Connects to SQLite (`sqlite://path?mode=rwc`) or PostgreSQL (`postgres://...`).
#[tracing::instrument(skip_all)]
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_with(url, None).await
}

/// [`connect`] with a pool of at most `max_connections` (by default 16 on PostgreSQL, 8 on
/// SQLite, whose one writer gains nothing from more).
#[tracing::instrument(skip_all)]
pub async fn connect_with(
    url: &str,
    max_connections: Option<u32>,
) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        options
            .max_connections(max_connections.unwrap_or(8).max(1))
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
    } else {
        options.max_connections(max_connections.unwrap_or(16).max(1));
        // Over the loopback interface TLS protects nothing, and it costs dearly: sqlx leaves
        // Nagle's algorithm on, TLS splits a request into several writes, and each round trip
        // then waits for the server's delayed acknowledgement, about 40 ms (measured: the
        // weekly digests for 2,000 subscribers took 85 s over loopback TLS and 2.6 s without).
        // So a local server is reached without TLS unless the URL asks for an `sslmode`.
        let explicit_ssl = url.contains("sslmode=");
        options.map_sqlx_postgres_opts(move |o| {
            let host = o.get_host();
            let local = host == "localhost"
                || host.starts_with('/')
                || host
                    .trim_matches(|c| c == '[' || c == ']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback());
            if local && !explicit_ssl {
                o.ssl_mode(sea_orm::sqlx::postgres::PgSslMode::Disable)
            } else {
                o
            }
        });
    }
    Database::connect(options).await
}

/// Applies every migration not yet applied.
#[tracing::instrument(skip_all)]
///
/// On PostgreSQL every pending migration runs in one transaction that first takes a
/// transaction-level advisory lock: replicas that start at once on an empty database queue
/// behind the first, then find nothing left to do, and a failed upgrade leaves the schema as
/// it was. SQLite serves one process and runs them as they are.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// How many migrations are not yet applied.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<usize, DbErr> {
    Ok(Migrator::get_pending_migrations(db).await?.len())
}

/// The advisory lock key that serialises migrations across processes ("redress1" in ASCII).
pub const MIGRATION_LOCK: i64 = 0x7265_6472_6573_7331;

/// The connection pool's open and idle connections (monitoring).
pub fn pool_connections(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        sea_orm::DatabaseBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    }
}

/// Whether the database answers (for `/readyz`).
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`): a transaction that reads first and writes later would otherwise fail
/// outright when another writer commits in between, instead of waiting its turn. Elsewhere it
/// is an ordinary transaction.
pub async fn begin_write(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    begin_write_on(db).await
}

/// [`begin_write`] on any connection or transaction (a nested one is a savepoint).
pub async fn begin_write_on<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions};
    db.begin_with_options(TransactionOptions {
        isolation_level: None,
        access_mode: None,
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
    })
    .await
}
