use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Authenticating a request at a landlord reads the user, the landlord by its slug and the
/// user's membership there in one statement (`redress_store::memberships::authorize_session`).
/// Memberships are a tenant table under row-level security (migration 53), which would need a
/// transaction naming the landlord first: four round trips for one row. This function, owned
/// by the tables' owner, answers exactly that row, the given user's active membership of the
/// given landlord, and nothing else; the session's own checks follow in the server. SQLite has
/// no row-level security and joins the table directly.
const POSTGRES_UP: &str = r#"
CREATE FUNCTION redress_membership(p_user uuid, p_landlord uuid) RETURNS SETOF memberships
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT * FROM memberships
        WHERE user_id = p_user AND landlord_id = p_landlord AND active $$;
"#;

const POSTGRES_DOWN: &str = "DROP FUNCTION IF EXISTS redress_membership(uuid, uuid);";

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
