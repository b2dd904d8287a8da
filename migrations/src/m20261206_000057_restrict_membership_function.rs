use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// PostgreSQL lets every role execute a new function. `redress_membership` (migration 56)
/// answers a membership past row-level security, so only the tables' owner keeps it here;
/// `redress_store::db::grant_to_server` grants it to the role the server connects as.
const POSTGRES_UP: &str = "REVOKE EXECUTE ON FUNCTION redress_membership(uuid, uuid) FROM PUBLIC;";

const POSTGRES_DOWN: &str = "GRANT EXECUTE ON FUNCTION redress_membership(uuid, uuid) TO PUBLIC;";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(POSTGRES_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(POSTGRES_DOWN).await?;
        }
        Ok(())
    }
}
