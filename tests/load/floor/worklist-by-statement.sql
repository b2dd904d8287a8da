-- The raw-PostgreSQL floor for a worklist page, statement by statement: what one
-- `GET /landlords/{slug}/complaints?limit=50` asks of the database (with the landlord's
-- calendar already in memory), one round trip each (tests/load/floor.sh): the session, the
-- transaction naming the landlord, and the page (one more row than the page, to know if there
-- is a next).
SELECT u.*, l.*, m.* FROM users u LEFT JOIN landlords l ON l.slug = ':slug'
  LEFT JOIN LATERAL redress_membership(u.id, l.id) m ON true WHERE u.id = ':uid';
BEGIN;
SELECT set_config('redress.landlord_id', ':lid', true);
SELECT * FROM complaints WHERE landlord_id = ':lid' ORDER BY id DESC LIMIT 51;
COMMIT;
