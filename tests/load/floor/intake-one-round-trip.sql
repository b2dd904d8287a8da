-- The same rows as intake-by-statement.sql, written by one statement (data-modifying CTEs):
-- one round trip, one transaction. The lowest any intake could cost on this database.
WITH ids AS (SELECT gen_random_uuid() AS rid, gen_random_uuid() AS cid, gen_random_uuid() AS oid, gen_random_uuid() AS corr),
cnt AS (INSERT INTO counters (landlord_id, name, value) VALUES (':lid', 'floor1', 1)
        ON CONFLICT (landlord_id, name) DO UPDATE SET value = counters.value + 1 RETURNING value),
r AS (INSERT INTO residents (landlord_id, id, name, email, search_text, created_at)
      SELECT ':lid', rid, 'Load Test', 'load@example.org', 'load test load@example.org', now() FROM ids RETURNING id),
c AS (INSERT INTO complaints (landlord_id, id, reference, scheme_id, resident_id, channel, received_on, description,
          category, status, current_stage, flags, current_due_on, search_text, tracking_token_hash, created_at, updated_at)
      SELECT ':lid', ids.cid, 'FLOOR1-' || cnt.value, ':sid', r.id, 'online', '2026-11-02', 'The lift has been broken for a week.',
          'estate_services', 'received', 1, '[]', '2026-11-09', 'floor the lift', md5(ids.cid::text), now(), now()
      FROM ids, cnt, r RETURNING id),
s AS (INSERT INTO complaint_stages (landlord_id, complaint_id, stage, requested_on, extension_working_days)
      SELECT ':lid', id, 1, '2026-11-02', 0 FROM c),
e AS (INSERT INTO complaint_events (landlord_id, id, complaint_id, kind, stage, effective_on, recorded_at, data)
      SELECT ':lid', gen_random_uuid(), c.id, k, 1, '2026-11-02', now(), '{}' FROM c, (VALUES ('received'), ('correspondence')) v(k)),
o AS (INSERT INTO outbox (id, landlord_id, recipient, subject, text_body, html_body, status, attempts, next_attempt_at, created_at, sealed_link)
      SELECT oid, ':lid', 'load@example.org', 'We have received your complaint', repeat('x', 790), repeat('x', 2100), 'sent', 1, now(), now(), repeat('x', 160)
      FROM ids RETURNING id),
k AS (INSERT INTO correspondence (landlord_id, id, complaint_id, direction, channel, occurred_on, subject, body, sender, recipient, attachment_ids, stage, recorded_at)
      SELECT ':lid', ids.corr, c.id, 'out', 'email', '2026-12-06', 'We have received your complaint', repeat('x', 790), 'Landlord', 'Load Test <load@example.org>', '[]', 1, now()
      FROM ids, c RETURNING id)
INSERT INTO letters (landlord_id, id, complaint_id, kind, stage, recipient_name, recipient, delivery, subject, outbox_id, correspondence_id, created_at)
SELECT ':lid', gen_random_uuid(), c.id, 'complaint_received', 1, 'Load Test', 'load@example.org', 'email', 'We have received your complaint', o.id, k.id, now()
FROM c, o, k;
