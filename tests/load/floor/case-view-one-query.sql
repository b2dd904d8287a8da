-- The raw-PostgreSQL floor for a case view in one round trip: the complaint with its stages.
\set n random(1, :count)
SELECT c.*, s.* FROM complaints c JOIN complaint_stages s ON s.landlord_id = c.landlord_id AND s.complaint_id = c.id
 WHERE c.landlord_id = ':lid' AND c.reference = ':prefix' || '-' || lpad(:n::text, 6, '0');
