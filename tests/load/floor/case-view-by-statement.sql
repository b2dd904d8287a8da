-- The raw-PostgreSQL floor for a case view, statement by statement: what one
-- `GET /landlords/{slug}/complaints/{id}` asks of the database (with the landlord's schemes and
-- calendar already in memory), one round trip each (tests/load/floor.sh): the complaint with
-- its stages and referral in one statement (the server reads every stage row; \gset takes one).
\set n random(1, :count)
SELECT u.*, l.*, m.* FROM users u LEFT JOIN landlords l ON l.slug = ':slug'
  LEFT JOIN LATERAL redress_membership(u.id, l.id) m ON true WHERE u.id = ':uid';
BEGIN;
SELECT set_config('redress.landlord_id', ':lid', true);
SELECT c.id AS c_id, c.resident_id AS c_resident_id, c.*, s.*, o.* FROM complaints c
  LEFT JOIN complaint_stages s ON s.landlord_id = c.landlord_id AND s.complaint_id = c.id
  LEFT JOIN ombudsman_referrals o ON o.landlord_id = c.landlord_id AND o.complaint_id = c.id
  WHERE c.landlord_id = ':lid' AND c.reference = ':prefix' || '-' || lpad(:n::text, 6, '0') ORDER BY s.stage LIMIT 1 \gset
SELECT * FROM remedies WHERE landlord_id = ':lid' AND complaint_id = ':c_id' ORDER BY id;
SELECT * FROM outstanding_actions WHERE landlord_id = ':lid' AND complaint_id = ':c_id' ORDER BY id;
SELECT * FROM adjustments WHERE landlord_id = ':lid' AND resident_id = ':c_resident_id' AND status = 'active';
SELECT * FROM restrictions WHERE landlord_id = ':lid' AND resident_id = ':c_resident_id' AND status = 'active';
COMMIT;
