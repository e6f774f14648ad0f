-- The floor for `kb import` on PostgreSQL (Benchmarks/pg-run.sh, IMPORT_GEN): Benchmarks/floor.sql
-- in PostgreSQL's words — psql's `\copy` of the generator's rows (already split per table: no
-- parsing in the way) into staging tables, then `INSERT … SELECT` into kb's tables of a database
-- holding kb's schema and the taxonomy, the full-text rows in one statement per table (kb_text),
-- the change log's 'add' rows, all in one transaction, then ANALYZE (as kb's import runs it).
-- Run from the generated folder with `-v file=PATH` (the path kb is given: each record's origin).
\set ON_ERROR_STOP 1
BEGIN;
CREATE TEMP TABLE stageSource (source_key text, title text, journal text, year text, doi text, design text, n text, prereg text, line text) ON COMMIT DROP;
CREATE TEMP TABLE stageAuthor (source_key text, position text, family text, given text, name_key text) ON COMMIT DROP;
CREATE TEMP TABLE stageClaim (claim_id text, source_key text, statement text, quote text, metric text, value text, replication text,
                              role text, skill text, cohort text, boundary text, line text) ON COMMIT DROP;
\copy stageSource FROM 'floor/sources.csv' WITH (FORMAT csv, HEADER true)
\copy stageAuthor FROM 'floor/authors.csv' WITH (FORMAT csv, HEADER true)
\copy stageClaim FROM 'floor/claims.csv' WITH (FORMAT csv, HEADER true)
INSERT INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1');
INSERT INTO source (slug, type, title, titleKey, containerTitle, issuedYear, doi, originFile, originLine)
SELECT source_key, 'article-journal', title, lower(title), journal, CAST(year AS INTEGER), nullif(doi, ''), :'file', CAST(line AS INTEGER)
FROM stageSource;
INSERT INTO contributor (sourceId, role, position, family, given, nameKey)
SELECT s.id, 'author', CAST(a.position AS INTEGER), a.family, a.given, a.name_key
FROM stageAuthor a JOIN source s ON s.slug = a.source_key;
INSERT INTO sourceKey (file, key, sourceId)
SELECT 'claims.csv', g.source_key, s.id FROM stageSource g JOIN source s ON s.slug = g.source_key;
INSERT INTO study (slug, sourceId, design, n, nUnit, preregistered, originFile, originLine)
SELECT 'st-' || g.source_key, s.id, nullif(g.design, ''), CAST(nullif(g.n, '') AS INTEGER), 'participants',
       coalesce(nullif(g.prereg, ''), 'unknown'), :'file', CAST(g.line AS INTEGER)
FROM stageSource g JOIN source s ON s.slug = g.source_key;
INSERT INTO claim (slug, statement, quote, metric, value, unit, sourceId, studyId, replication, strength, grade, originFile, originLine)
SELECT slug, statement, quote, metric, value, 'percent', sourceId, studyId, replication, strength,
       CASE WHEN strength >= 0.7 THEN 'high' WHEN strength >= 0.5 THEN 'moderate' WHEN strength >= 0.3 THEN 'low' ELSE 'very-low' END,
       :'file', line
FROM (SELECT c.claim_id AS slug, c.statement, c.quote, c.metric, CAST(nullif(c.value, '') AS double precision) AS value, s.id AS sourceId,
             st.id AS studyId, coalesce(nullif(c.replication, ''), 'unknown') AS replication, CAST(c.line AS INTEGER) AS line,
             greatest(0.0, least(1.0,
                 CASE st.design WHEN 'meta-analysis' THEN 0.7 WHEN 'systematic-review' THEN 0.65 WHEN 'rct' THEN 0.65
                     WHEN 'field-experiment' THEN 0.6 WHEN 'audit-study' THEN 0.6 WHEN 'experiment' THEN 0.55
                     WHEN 'quasi-experiment' THEN 0.45 WHEN 'observational' THEN 0.3 WHEN 'survey' THEN 0.25
                     WHEN 'descriptive-analysis' THEN 0.25 WHEN 'qualitative' THEN 0.2 WHEN 'forecast' THEN 0.15
                     WHEN 'other' THEN 0.15 ELSE 0.1 END
                 + CASE WHEN st.n IS NULL OR st.n <= 0 THEN -0.05
                        ELSE round(0.05 * least(greatest(log(st.n) - 2, -2), 3) * 10000) / 10000 END
                 + CASE st.preregistered WHEN 'yes' THEN 0.1 ELSE 0 END
                 + CASE c.replication WHEN 'replicated' THEN 0.15 WHEN 'partial' THEN 0.05 WHEN 'mixed' THEN -0.1
                       WHEN 'failed' THEN -0.3 ELSE 0 END))::double precision AS strength
      FROM stageClaim c JOIN source s ON s.slug = c.source_key JOIN study st ON st.slug = 'st-' || c.source_key) AS rows;
INSERT INTO claimAbout (entityId, claimId)
SELECT DISTINCT e.id, c.id FROM stageClaim g JOIN claim c ON c.slug = g.claim_id
CROSS JOIN LATERAL (VALUES ('role', g.role), ('skill', g.skill), ('cohort', g.cohort), ('boundary', g.boundary)) AS about(kind, slug)
JOIN entity e ON e.kind = about.kind AND e.slug = about.slug;
INSERT INTO claimSearch (claimId, statement, quote, title)
SELECT c.id, kb_text(c.statement), kb_text(c.quote), kb_text(s.title) FROM claim c LEFT JOIN source s ON s.id = c.sourceId;
INSERT INTO sourceSearch (sourceId, title, containerTitle) SELECT id, kb_text(title), kb_text(containerTitle) FROM source;
INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'floor', 'import', NULL, 'add', 'source', slug, 'floor', '["*"]', version, NULL,
       json_build_object('slug', slug, 'type', type, 'title', title, 'issued', issuedYear, 'doi', doi)::text
FROM source ORDER BY id;
INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'floor', 'import', NULL, 'add', 'study', st.slug, 'floor', '["*"]', st.version, NULL,
       json_build_object('slug', st.slug, 'sourceSlug', s.slug, 'design', st.design, 'n', st.n)::text
FROM study st JOIN source s ON s.id = st.sourceId ORDER BY st.id;
INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'floor', 'import', NULL, 'add', 'claim', c.slug, 'floor', '["*"]', c.version, NULL,
       json_build_object('slug', c.slug, 'statement', c.statement, 'sourceSlug', s.slug)::text
FROM claim c JOIN source s ON s.id = c.sourceId ORDER BY c.id;
DELETE FROM kbSetting WHERE name = 'deferSearchIndex';
COMMIT;
ANALYZE;
