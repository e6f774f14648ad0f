-- Hand-written SQL for `kb map cohort boundary` (issue 15): claims per cohort × boundary with the
-- best grade, and the row, column and grand totals (each claim once), as one would write it in
-- the sqlite3 shell. Usage: sqlite3 KB.sqlite < Benchmarks/map-peer.sql
WITH u AS (
    SELECT c.id, c.grade, rc.slug AS cohort, rb.slug AS boundary
    FROM claim c
    LEFT JOIN claimAbout ac ON ac.claimId = c.id AND ac.entityId IN (SELECT id FROM entity WHERE kind = 'cohort')
    LEFT JOIN entity rc ON rc.id = ac.entityId
    LEFT JOIN claimAbout ab ON ab.claimId = c.id AND ab.entityId IN (SELECT id FROM entity WHERE kind = 'boundary')
    LEFT JOIN entity rb ON rb.id = ab.entityId
    WHERE c.sourceId IS NULL OR c.sourceId NOT IN (SELECT sourceId FROM notice WHERE kind = 'retraction')
)
SELECT 'cell', cohort, boundary, count(*), min(CASE grade WHEN 'high' THEN 0 WHEN 'moderate' THEN 1 WHEN 'low' THEN 2 ELSE 3 END) FROM u GROUP BY cohort, boundary
UNION ALL SELECT 'row', cohort, NULL, count(DISTINCT id), min(CASE grade WHEN 'high' THEN 0 WHEN 'moderate' THEN 1 WHEN 'low' THEN 2 ELSE 3 END) FROM u GROUP BY cohort
UNION ALL SELECT 'column', NULL, boundary, count(DISTINCT id), min(CASE grade WHEN 'high' THEN 0 WHEN 'moderate' THEN 1 WHEN 'low' THEN 2 ELSE 3 END) FROM u GROUP BY boundary
UNION ALL SELECT 'total', NULL, NULL, count(DISTINCT id), min(CASE grade WHEN 'high' THEN 0 WHEN 'moderate' THEN 1 WHEN 'low' THEN 2 ELSE 3 END) FROM u;
