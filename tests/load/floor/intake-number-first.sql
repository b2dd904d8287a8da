-- intake-by-statement.sql with the complaint's number taken before its transaction begins, so
-- the counter's row is locked for one statement instead of until COMMIT (a reference could
-- then be skipped when an intake fails). What a sequence-like reference would be worth.
-- The raw-PostgreSQL floor for intake, statement by statement: what one
-- `POST /landlords/{slug}/complaints` (a new resident, with its complaint-received letter) asks
-- of the database, in the same order, one round trip each (tests/load/floor.sh). The outbox row
-- is written as already sent, so that no server's worker tries to deliver it.
-- The session's statement (docs/decisions/0007), simplified to its joins.
SELECT u.*, l.*, m.* FROM users u LEFT JOIN landlords l ON l.slug = ':slug'
  LEFT JOIN LATERAL redress_membership(u.id, l.id) m ON true WHERE u.id = ':uid';
INSERT INTO counters (landlord_id, name, value) VALUES (':lid', 'floor2', 1)
  ON CONFLICT (landlord_id, name) DO UPDATE SET value = counters.value + 1 RETURNING value \gset
BEGIN;
SELECT set_config('redress.landlord_id', ':lid', true);
SELECT gen_random_uuid() AS rid, gen_random_uuid() AS cid, gen_random_uuid() AS oid, gen_random_uuid() AS corr \gset
INSERT INTO residents (landlord_id, id, name, email, search_text, created_at)
  VALUES (':lid', ':rid', 'Load Test', 'load@example.org', 'load test load@example.org', now()) RETURNING *;
SELECT id FROM landlords WHERE id = ':lid' FOR SHARE;
SELECT fingerprint FROM performance_rollups WHERE landlord_id = ':lid';
INSERT INTO complaints (landlord_id, id, reference, scheme_id, resident_id, channel, received_on, description,
    category, status, current_stage, flags, current_due_on, search_text, tracking_token_hash, created_at, updated_at)
  VALUES (':lid', ':cid', 'FLOOR2-' || :value, ':sid', ':rid', 'online', '2026-11-02', 'The lift has been broken for a week.',
    'estate_services', 'received', 1, '[]', '2026-11-09', 'floor the lift has been broken for a week.', md5(':cid'), now(), now())
  RETURNING *;
INSERT INTO complaint_stages (landlord_id, complaint_id, stage, requested_on, extension_working_days)
  VALUES (':lid', ':cid', 1, '2026-11-02', 0) RETURNING *;
INSERT INTO complaint_events (landlord_id, id, complaint_id, kind, stage, effective_on, recorded_at, actor_user_id, data)
  VALUES (':lid', gen_random_uuid(), ':cid', 'received', 1, '2026-11-02', now(), ':uid', '{"ack_due":"2026-11-09","channel":"online"}') RETURNING *;
INSERT INTO outbox (id, landlord_id, recipient, subject, text_body, html_body, status, attempts, next_attempt_at, created_at, sealed_link)
  VALUES (':oid', ':lid', 'load@example.org', 'We have received your complaint', repeat('x', 790), repeat('x', 2100), 'sent', 1, now(), now(), repeat('x', 160))
  RETURNING *;
INSERT INTO correspondence (landlord_id, id, complaint_id, direction, channel, occurred_on, subject, body, sender, recipient, attachment_ids, stage, recorded_at)
  VALUES (':lid', ':corr', ':cid', 'out', 'email', '2026-12-06', 'We have received your complaint', repeat('x', 790), 'Landlord', 'Load Test <load@example.org>', '[]', 1, now())
  RETURNING *;
INSERT INTO complaint_events (landlord_id, id, complaint_id, kind, stage, effective_on, recorded_at, data)
  VALUES (':lid', gen_random_uuid(), ':cid', 'correspondence', 1, '2026-12-06', now(), '{"channel":"email","direction":"out"}') RETURNING *;
INSERT INTO letters (landlord_id, id, complaint_id, kind, stage, recipient_name, recipient, delivery, subject, outbox_id, correspondence_id, created_at)
  VALUES (':lid', gen_random_uuid(), ':cid', 'complaint_received', 1, 'Load Test', 'load@example.org', 'email', 'We have received your complaint', ':oid', ':corr', now())
  RETURNING *;
COMMIT;
