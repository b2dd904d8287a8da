use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What is due next on each complaint, and by when: the earliest of its running clock, its
/// open outstanding actions (Code 6.6) and its undelivered remedies (Code 7.3). The worklist's
/// views ("overdue", "due today", "due this week") filter and sort on it, so it is kept on the
/// complaint by every change that moves one of the three (docs/api.md, "The worklist").
#[derive(DeriveIden)]
enum Complaints {
    Table,
    LandlordId,
    Id,
    NextDueOn,
    NextDue,
}

/// The statements that set `next_due_on` and `next_due` from what the complaint holds, for
/// every complaint where `filter` (an SQL condition on `complaints`, or `TRUE`) holds. The
/// rule is `redress_domain::complaint::next_due`'s: the clock first, then actions, then
/// remedies on the same day.
pub fn next_due_backfill(filter: &str) -> [String; 3] {
    [
        format!(
            "UPDATE complaints SET next_due_on = current_due_on, next_due = CASE status \
             WHEN 'received' THEN 'acknowledge' WHEN 'stage2_requested' THEN 'acknowledge' \
             WHEN 'stage1_open' THEN 'respond' WHEN 'stage2_open' THEN 'respond' END \
             WHERE ({filter}) AND current_due_on IS NOT NULL \
             AND status IN ('received', 'stage1_open', 'stage2_requested', 'stage2_open')"
        ),
        format!(
            "UPDATE complaints SET next_due = 'action', next_due_on = (SELECT MIN(a.due_on) \
             FROM outstanding_actions a WHERE a.landlord_id = complaints.landlord_id \
             AND a.complaint_id = complaints.id AND a.status <> 'completed') \
             WHERE ({filter}) AND EXISTS (SELECT 1 FROM outstanding_actions a \
             WHERE a.landlord_id = complaints.landlord_id AND a.complaint_id = complaints.id \
             AND a.status <> 'completed' \
             AND (complaints.next_due_on IS NULL OR a.due_on < complaints.next_due_on))"
        ),
        format!(
            "UPDATE complaints SET next_due = 'remedy', next_due_on = (SELECT MIN(r.due_on) \
             FROM remedies r WHERE r.landlord_id = complaints.landlord_id \
             AND r.complaint_id = complaints.id AND r.status IN ('offered', 'in_progress')) \
             WHERE ({filter}) AND EXISTS (SELECT 1 FROM remedies r \
             WHERE r.landlord_id = complaints.landlord_id AND r.complaint_id = complaints.id \
             AND r.status IN ('offered', 'in_progress') AND r.due_on IS NOT NULL \
             AND (complaints.next_due_on IS NULL OR r.due_on < complaints.next_due_on))"
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(date_null(Complaints::NextDueOn))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Complaints::Table)
                    .add_column(string_null(Complaints::NextDue))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_complaints_next_due")
                    .table(Complaints::Table)
                    .col(Complaints::LandlordId)
                    .col(Complaints::NextDueOn)
                    .col(Complaints::Id)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        for sql in next_due_backfill("TRUE") {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_complaints_next_due")
                    .table(Complaints::Table)
                    .to_owned(),
            )
            .await?;
        for col in [Complaints::NextDue, Complaints::NextDueOn] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Complaints::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
