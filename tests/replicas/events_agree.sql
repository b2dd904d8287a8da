-- Complaints whose state is not what their events say: exactly one `received`, and the
-- status and stage that the last steps recorded. Empty when every case agrees.
WITH f AS (
  SELECT c.id, c.status, c.current_stage,
    count(*) FILTER (WHERE e.kind = 'received') AS received,
    bool_or(e.kind = 'closed') AS closed,
    bool_or(e.kind = 'not_accepted') AS not_accepted,
    count(*) FILTER (WHERE e.kind = 'escalation_requested')
      > count(*) FILTER (WHERE e.kind = 'escalation_refused') AS escalated,
    bool_or(e.kind = 'acknowledged' AND e.stage = 2) AS acknowledged2,
    bool_or(e.kind = 'responded' AND e.stage = 2) AS responded2,
    bool_or(e.kind = 'responded' AND e.stage = 1) AS responded1,
    bool_or(e.kind = 'acknowledged' AND e.stage = 1) AS acknowledged1
  FROM complaints c
  LEFT JOIN complaint_events e ON e.complaint_id = c.id AND e.landlord_id = c.landlord_id
  GROUP BY c.id, c.status, c.current_stage
)
SELECT id, status, current_stage, received, expected_status, expected_stage FROM (
  SELECT *,
    CASE
      WHEN closed THEN 'closed'
      WHEN not_accepted THEN 'not_accepted'
      WHEN escalated AND responded2 THEN 'stage2_responded'
      WHEN escalated AND acknowledged2 THEN 'stage2_open'
      WHEN escalated THEN 'stage2_requested'
      WHEN responded1 THEN 'stage1_responded'
      WHEN acknowledged1 THEN 'stage1_open'
      ELSE 'received'
    END AS expected_status,
    CASE WHEN escalated THEN 2 ELSE 1 END AS expected_stage
  FROM f) x
WHERE received <> 1 OR status <> expected_status OR current_stage <> expected_stage;
