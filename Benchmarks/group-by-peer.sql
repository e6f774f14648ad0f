-- Hand-written SQL for `claims group by cohort` (issue 15): the same aggregates kb computes,
-- written as one would in the sqlite3 shell, to time kb's compiled statement against.
-- Usage: sqlite3 KB.sqlite < Benchmarks/group-by-peer.sql
-- The median is the textbook window-function form: number the claims of each group by strength.
-- (Retracted sources are left out, as kb does by default.)
WITH u AS (
    SELECT c.id, c.sourceId, c.studyId, st.n, c.grade, c.strength, st.preregistered, c.replication, e.slug AS cohort
    FROM claim c
    LEFT JOIN study st ON st.id = c.studyId
    LEFT JOIN claimAbout a ON a.claimId = c.id AND a.entityId IN (SELECT id FROM entity WHERE kind = 'cohort')
    LEFT JOIN entity e ON e.id = a.entityId
    WHERE c.sourceId IS NULL OR c.sourceId NOT IN (SELECT sourceId FROM notice WHERE kind = 'retraction')
),
ranked AS (
    SELECT cohort, strength, row_number() OVER (PARTITION BY cohort ORDER BY strength) AS i, count(*) OVER (PARTITION BY cohort) AS k FROM u
),
medians AS (
    SELECT cohort, avg(strength) AS median FROM ranked WHERE i IN ((k + 1) / 2, (k + 2) / 2) GROUP BY cohort
),
sizes AS (
    SELECT cohort, sum(n) AS total_n FROM (SELECT DISTINCT cohort, studyId, n FROM u WHERE n IS NOT NULL) GROUP BY cohort
)
SELECT u.cohort, count(*) AS count, count(DISTINCT u.sourceId) AS sources,
       CASE min(CASE u.grade WHEN 'high' THEN 0 WHEN 'moderate' THEN 1 WHEN 'low' THEN 2 ELSE 3 END)
            WHEN 0 THEN 'high' WHEN 1 THEN 'moderate' WHEN 2 THEN 'low' ELSE 'very-low' END AS best_grade,
       m.median AS median_strength, s.total_n,
       avg(u.preregistered = 'yes') AS preregistered_share, avg(u.replication = 'replicated') AS replicated_share
FROM u
LEFT JOIN medians m ON m.cohort IS u.cohort
LEFT JOIN sizes s ON s.cohort IS u.cohort
GROUP BY u.cohort
ORDER BY count DESC, u.cohort IS NULL, u.cohort;
