-- The raw-PostgreSQL floor for a case view, statement by statement: what one
-- `GET /landlords/{slug}/complaints/{id}` asks of the database (with the landlord's schemes and
-- calendar already in memory), one round trip each (tests/load/floor.sh).
\set n random(1, :count)
SELECT u.*, l.*, m.* FROM users u LEFT JOIN landlords l ON l.slug = ':slug'
  LEFT JOIN LATERAL redress_membership(u.id, l.id) m ON true WHERE u.id = ':uid';
BEGIN;
SELECT set_config('redress.landlord_id', ':lid', true);
SELECT * FROM complaints WHERE landlord_id = ':lid' AND reference = ':prefix' || '-' || lpad(:n::text, 6, '0') \gset c_
SELECT * FROM complaint_stages WHERE landlord_id = ':lid' AND complaint_id = ':c_id' ORDER BY stage;
SELECT * FROM remedies WHERE landlord_id = ':lid' AND complaint_id = ':c_id' ORDER BY id;
SELECT * FROM outstanding_actions WHERE landlord_id = ':lid' AND complaint_id = ':c_id' ORDER BY id;
SELECT * FROM ombudsman_referrals WHERE landlord_id = ':lid' AND complaint_id = ':c_id';
SELECT * FROM adjustments WHERE landlord_id = ':lid' AND resident_id = ':c_resident_id' AND status = 'active';
SELECT * FROM restrictions WHERE landlord_id = ':lid' AND resident_id = ':c_resident_id' AND status = 'active';
COMMIT;
