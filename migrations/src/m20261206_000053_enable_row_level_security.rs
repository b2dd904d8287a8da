use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Row-level security, the second line behind the store's `landlord_id` filters
/// (deploy/SCALING.md, "Row-level security"; docs/decisions/0004-row-level-security.md). Every table with a `landlord_id` column
/// except `landlords` itself (the reference table of landlords) shows and accepts only the
/// rows of the landlord named by the transaction's `redress.landlord_id` setting, which the
/// store sets with `set_config(…, true)` (`SET LOCAL`: it ends with the transaction, so it
/// never leaks to the next user of a pooled connection). A transaction that names no landlord
/// sees nothing. Work that crosses landlords (the outbox worker, the scheduler, sign-in, the
/// platform admin) sets `redress.all_landlords` to the purpose it names instead
/// (`redress_store::Scoped::all_landlords`).
///
/// The owner of the tables (who runs migrations) is not subject to the policies; the server
/// connects as a role that is neither owner nor `BYPASSRLS`. SQLite has no row-level security:
/// one landlord's embedded database relies on the store's filters alone.
///
/// A later migration that adds a tenant table must add its policy too: `tests/api/catalog.rs`
/// fails while a table with `landlord_id` has none.
const POSTGRES_UP: &str = r#"
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb
      ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND c.column_name = 'landlord_id'
      AND tb.table_type = 'BASE TABLE' AND c.table_name <> 'landlords'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY redress_tenant ON %I USING ('
      || 'landlord_id = NULLIF(current_setting(''redress.landlord_id'', true), '''')::uuid '
      || 'OR COALESCE(current_setting(''redress.all_landlords'', true), '''') <> '''')', t);
  END LOOP;
END
$$;
-- The roll-up's rebuild refreshes the planner's statistics of its table, which only the
-- owner may do: the server asks the owner's function to.
CREATE FUNCTION redress_analyze_performance_days() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ BEGIN ANALYZE performance_days; END $$;
"#;

const POSTGRES_DOWN: &str = r#"
DROP FUNCTION IF EXISTS redress_analyze_performance_days();
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT tablename FROM pg_policies
           WHERE schemaname = current_schema() AND policyname = 'redress_tenant'
  LOOP
    EXECUTE format('DROP POLICY redress_tenant ON %I', t);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
  END LOOP;
END
$$;
"#;

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
