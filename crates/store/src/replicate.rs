//! Copying one landlord's complaints into another, for benchmark data sets only: a large data
//! set is made by generating one landlord's history through the domain rules and copying it,
//! with fresh ids, to the others. PostgreSQL only (it relies on `md5()` and `uuid[]`).

use crate::Conn;
use crate::{Result, StoreError, TenantScope};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

/// Who is who in the copy: each of the source landlord's staff and contractor ids, and the
/// target landlord's counterpart.
pub struct Mapping {
    pub people: Vec<(Uuid, Uuid)>,
    pub scheme: Uuid,
    pub source_prefix: String,
    pub target_prefix: String,
}

/// A new id for `column` in the target landlord, the same wherever the old id appears.
fn new_id(column: &str) -> String {
    format!("CASE WHEN {column} IS NULL THEN NULL ELSE md5($2::text || {column}::text)::uuid END")
}

fn person(column: &str) -> String {
    format!("COALESCE((SELECT new FROM replicate_people WHERE old = {column}), {column})")
}

/// Copies every resident, complaint, stage, event, remedy and outstanding action of `from`
/// into `to`, in one transaction. Returns the number of complaints copied.
pub async fn complaints(
    db: &impl Conn,
    from: TenantScope,
    to: TenantScope,
    mapping: &Mapping,
) -> Result<u64> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Err(StoreError::invalid(
            "database",
            "copying complaints between landlords is for PostgreSQL benchmark data only",
        ));
    }
    let txn = db.begin().await?;
    // $1 source landlord, $2 target landlord, and for complaints $3 target scheme, $4 source
    // prefix, $5 target prefix.
    let landlords = vec![from.landlord_id().into(), to.landlord_id().into()];
    let run = |sql: String, values: Vec<sea_orm::Value>| {
        let txn = &txn;
        async move {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                sql,
                values,
            ))
            .await
        }
    };
    txn.execute_unprepared(
        "CREATE TEMP TABLE replicate_people (old uuid PRIMARY KEY, new uuid NOT NULL) ON COMMIT DROP",
    )
    .await?;
    for (old, new) in &mapping.people {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO replicate_people (old, new) VALUES ($1, $2)",
            [(*old).into(), (*new).into()],
        ))
        .await?;
    }
    run(format!(
        "INSERT INTO residents SELECT $2, {}, name, email, phone, address, property_ref, preferred_contact, \
         preferred_format, language, search_text, created_at FROM residents WHERE landlord_id = $1",
        new_id("id")
    ), landlords.clone())
    .await?;
    let copied = run(format!(
        "INSERT INTO complaints SELECT $2, {id}, $5 || substr(reference, length($4) + 1), $3, {resident}, channel, \
         received_on, description, issue_date, category, service_area, outcomes_sought, NULL, representative, status, \
         current_stage, definition, responsible_for, not_responsible_for, complexity, risk, flags, {related}, \
         {s1}, {s2}, {contractor}, current_due_on, closed_on, \
         lower($5 || substr(reference, length($4) + 1) || ' ' || description), {created_by}, created_at, updated_at \
         FROM complaints WHERE landlord_id = $1",
        id = new_id("id"),
        resident = new_id("resident_id"),
        related = new_id("related_complaint_id"),
        s1 = person("stage1_handler_id"),
        s2 = person("stage2_handler_id"),
        contractor = person("contractor_id"),
        created_by = person("created_by"),
    ), vec![
        from.landlord_id().into(),
        to.landlord_id().into(),
        mapping.scheme.into(),
        mapping.source_prefix.clone().into(),
        mapping.target_prefix.clone().into(),
    ])
    .await?
    .rows_affected();
    run(format!(
        "INSERT INTO complaint_stages SELECT $2, {id}, stage, requested_on, acknowledged_on, extension_working_days, \
         responded_on, {handler}, {contractor}, {by}, decision, reasons, escalation_route \
         FROM complaint_stages WHERE landlord_id = $1",
        id = new_id("complaint_id"),
        handler = person("handler_id"),
        contractor = person("contractor_id"),
        by = person("responded_by"),
    ), landlords.clone())
    .await?;
    run(format!(
        "INSERT INTO complaint_events SELECT $2, {id}, {complaint}, kind, stage, effective_on, recorded_at, {actor}, data \
         FROM complaint_events WHERE landlord_id = $1",
        id = new_id("id"),
        complaint = new_id("complaint_id"),
        actor = person("actor_user_id"),
    ), landlords.clone())
    .await?;
    run(format!(
        "INSERT INTO remedies SELECT $2, {id}, {complaint}, stage, kind, description, amount_pence, due_on, owner, \
         status, completed_on, created_at, updated_at, parts FROM remedies WHERE landlord_id = $1",
        id = new_id("id"),
        complaint = new_id("complaint_id"),
    ), landlords.clone())
    .await?;
    run(format!(
        "INSERT INTO outstanding_actions SELECT $2, {id}, {complaint}, stage, description, owner, due_on, status, \
         completed_on, created_at, updated_at FROM outstanding_actions WHERE landlord_id = $1",
        id = new_id("id"),
        complaint = new_id("complaint_id"),
    ), landlords.clone())
    .await?;
    // The copies' next step is worked out on them, not copied (the column is not in the list).
    crate::complaints::refresh_next_due(&txn, to).await?;
    run("INSERT INTO counters (landlord_id, name, value) SELECT $2, name, value FROM counters \
         WHERE landlord_id = $1 AND name = 'complaint' ON CONFLICT (landlord_id, name) DO UPDATE SET value = EXCLUDED.value"
        .to_owned(), landlords)
    .await?;
    txn.commit().await?;
    Ok(copied)
}
