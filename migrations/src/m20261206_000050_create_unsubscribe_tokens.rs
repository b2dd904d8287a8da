use crate::landlord_fk;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The tokens of unsubscribe links, one per email that carries one, kept only as SHA-256
/// hashes: a leaked table unsubscribes no one. `subscriptions.unsubscribe_token` used to hold
/// the token itself; it is retired, overwritten here with a value that is never a token, and
/// links sent before this change stop working (the page they open says how to change one's
/// emails after signing in).
#[derive(DeriveIden)]
enum UnsubscribeTokens {
    Table,
    TokenHash,
    LandlordId,
    UserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UnsubscribeTokens::Table)
                    .col(string(UnsubscribeTokens::TokenHash).primary_key())
                    .col(uuid(UnsubscribeTokens::LandlordId))
                    .col(uuid(UnsubscribeTokens::UserId))
                    .col(timestamp_with_time_zone(UnsubscribeTokens::CreatedAt))
                    .foreign_key(&mut landlord_fk(UnsubscribeTokens::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_unsubscribe_tokens_created_at")
                    .table(UnsubscribeTokens::Table)
                    .col(UnsubscribeTokens::CreatedAt)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let retire = match db.get_database_backend() {
            DbBackend::Postgres => {
                "UPDATE subscriptions SET unsubscribe_token = \
                 'retired:' || CAST(landlord_id AS TEXT) || ':' || CAST(user_id AS TEXT)"
            }
            // SQLite keeps UUIDs as 16-byte blobs: write them out in hex.
            _ => {
                "UPDATE subscriptions SET unsubscribe_token = \
                 'retired:' || lower(hex(landlord_id)) || ':' || lower(hex(user_id))"
            }
        };
        db.execute_unprepared(retire).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(UnsubscribeTokens::Table).to_owned())
            .await
    }
}
