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
    // Nothing pending: nothing to lock or create. The server's own role may not create
    // tables (deploy/README.md, "Database roles"), so it must not try. A database holding a
    // migration this binary does not know is refused here too.
    if Migrator::get_pending_migrations_read_only(db)
        .await
        .is_ok_and(|pending| pending.is_empty())
    {
        return Ok(());
    }
    let txn = db.begin().await?;
    txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// Grants the role `server` connects as what the server needs of every table: to read and
/// write rows, never to own, alter or truncate them; and to find a user's membership while
/// authorising a request (migrations 56 and 57). Run by the tables' owner (`owner`) after
/// migrating. PostgreSQL only; nothing to do when both are the same role.
pub async fn grant_to_server(
    owner: &DatabaseConnection,
    server: &DatabaseConnection,
) -> Result<(), DbErr> {
    if owner.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(());
    }
    let role = current_user(server).await?;
    if role == current_user(owner).await? {
        return Ok(());
    }
    let quoted: String = owner
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT quote_ident($1) AS q",
            [role.into()],
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("quote_ident returned nothing".into()))?
        .try_get("", "q")?;
    // Under the migrations' lock: PostgreSQL refuses two GRANTs on one object at once
    // ("tuple concurrently updated"), as when replicas start together.
    let txn = owner.begin().await?;
    txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    txn.execute_unprepared(&format!(
        "GRANT USAGE ON SCHEMA public TO {quoted}; \
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}; \
         GRANT EXECUTE ON FUNCTION redress_membership(uuid, uuid) TO {quoted}"
    ))
    .await?;
    txn.commit().await
}

async fn current_user(db: &DatabaseConnection) -> Result<String, DbErr> {
    db.query_one_raw(sea_orm::Statement::from_string(
        sea_orm::DatabaseBackend::Postgres,
        "SELECT current_user::text AS u",
    ))
    .await?
    .ok_or_else(|| DbErr::Custom("current_user returned nothing".into()))?
    .try_get("", "u")
}

/// Whether row-level security binds the server's connection: on PostgreSQL, when its role is
/// not a superuser, has no `BYPASSRLS` and does not own the tables. `Err` says why not.
/// (SQLite has none: `Err` too.)
pub async fn row_security(db: &DatabaseConnection) -> Result<Result<(), String>, DbErr> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
        return Ok(Err("SQLite has no row-level security".into()));
    }
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT r.rolname::text AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass, \
             EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' \
                     AND t.tablename = 'complaints' AND t.tableowner = current_user) AS owner \
             FROM pg_roles r WHERE r.rolname = current_user",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("the server's role is not in pg_roles".into()))?;
    let role: String = row.try_get("", "role")?;
    let why = if row.try_get::<bool>("", "superuser")? {
        Some("is a superuser")
    } else if row.try_get::<bool>("", "bypass")? {
        Some("has BYPASSRLS")
    } else if row.try_get::<bool>("", "owner")? {
        Some("owns the tables")
    } else {
        None
    };
    Ok(match why {
        Some(why) => Err(format!(
            "the server's database role {role} {why}, so row-level security does not bind it"
        )),
        None => Ok(()),
    })
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
pub async fn begin_write(db: &impl crate::Conn) -> crate::Result<sea_orm::DatabaseTransaction> {
    Ok(begin_write_on(db).await?)
}

/// Begins a transaction that only reads: one snapshot for several statements, and on
/// PostgreSQL one `set_config` naming the landlord instead of one per statement.
pub async fn begin_read(db: &impl crate::Conn) -> crate::Result<sea_orm::DatabaseTransaction> {
    Ok(sea_orm::TransactionTrait::begin(db).await?)
}

/// Commits a transaction begun by [`begin_write`] or [`begin_read`], with the store's error.
pub async fn commit(txn: sea_orm::DatabaseTransaction) -> crate::Result<()> {
    Ok(txn.commit().await?)
}

/// Undoes everything written on `txn` (a change run only to see what it would send).
pub async fn rollback(txn: sea_orm::DatabaseTransaction) -> crate::Result<()> {
    Ok(txn.rollback().await?)
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
