WITH reach(entityId, relevance) AS (VALUES (?, ?), (?, ?)),
hit(claimId, relevance) AS (
    SELECT a.claimId, r.relevance FROM reach r JOIN claimAbout a ON a.entityId = r.entityId
    UNION ALL
    SELECT e.id, 0.25 FROM claim e WHERE e.isEconomyWide = 1
),
best(claimId, relevance) AS (SELECT claimId, max(relevance) FROM hit GROUP BY claimId)
SELECT c.id AS claimId, c.sourceId AS sourceId, best.relevance AS relevance, 1.0 AS textFactor, best.relevance * c.strength AS score
FROM best JOIN claim c ON c.id = best.claimId
LEFT JOIN study st ON st.id = c.studyId
LEFT JOIN source s ON s.id = c.sourceId
WHERE (c.id IN (SELECT claimId FROM claimAbout WHERE entityId IN (?)) AND st.n >= ?)
  AND NOT (c.sourceId IS NOT NULL AND EXISTS (SELECT 1 FROM notice rn WHERE rn.sourceId = c.sourceId AND rn.kind = 'retraction' AND NOT EXISTS (SELECT 1 FROM notice ri WHERE ri.sourceId = rn.sourceId AND ri.kind = 'reinstatement' AND coalesce(ri.date, '') >= coalesce(rn.date, ''))))
ORDER BY s.issuedYear DESC NULLS LAST, (c.sourceId IS NULL) ASC, score DESC, relevance DESC, textFactor DESC, c.strength DESC, st.n DESC NULLS LAST, c.id ASC
LIMIT ?
-- arguments: 6, 1.0, 1, 0.5, 17, 100.0, 3
