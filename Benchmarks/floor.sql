-- The floor for kb's import benchmark (Benchmarks/run.sh): the sqlite3 CLI loading the
-- generator's rows (already split per table: no parsing in the way) into a KB that has kb's
-- schema and the taxonomy, with kb's indexes and full-text index, in one transaction, the way
-- kb's own import does (FTS built in one statement at the end). Run from the generated folder,
-- after `PRAGMA temp_store = MEMORY;` (kb's import setting, BulkWriteSettings) and then
-- `.parameter set @file '...'`, the path kb is given (kb stores it as each record's origin) —
-- in that order: changing temp_store drops the CLI's parameters. Benchmarks/run.sh does both.
--
-- It stores what kb stores, row for row (Benchmarks/same-rows.sql checks), the change log's record rows included: every record's origin
-- (file and line), the sources' citation keys, folded name keys, and each claim's strength and
-- grade by kb's rubric (StrengthRubric: design base, sample size, pre-registration, replication;
-- each effect rounded to 4 places as kb does; these sources state no peer review and no notice).
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -262144;
.mode csv
.import floor/sources.csv stageSource
.import floor/authors.csv stageAuthor
.import floor/claims.csv stageClaim
BEGIN;
INSERT INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1');
INSERT INTO source (slug, type, title, titleKey, containerTitle, issuedYear, doi, originFile, originLine)
SELECT source_key, 'article-journal', title, lower(title), journal, CAST(year AS INTEGER), nullif(doi, ''), @file, CAST(line AS INTEGER)
FROM stageSource;
INSERT INTO contributor (sourceId, role, position, family, given, nameKey)
SELECT s.id, 'author', CAST(a.position AS INTEGER), a.family, a.given, a.name_key
FROM stageAuthor a JOIN source s ON s.slug = a.source_key;
INSERT INTO sourceKey (file, key, sourceId)
SELECT 'claims.csv', g.source_key, s.id FROM stageSource g JOIN source s ON s.slug = g.source_key;
INSERT INTO study (slug, sourceId, design, n, nUnit, preregistered, originFile, originLine)
SELECT 'st-' || g.source_key, s.id, nullif(g.design, ''), CAST(nullif(g.n, '') AS INTEGER), 'participants',
       coalesce(nullif(g.prereg, ''), 'unknown'), @file, CAST(g.line AS INTEGER)
FROM stageSource g JOIN source s ON s.slug = g.source_key;
INSERT INTO claim (slug, statement, quote, metric, value, unit, sourceId, studyId, replication, strength, grade, originFile, originLine)
SELECT slug, statement, quote, metric, value, 'percent', sourceId, studyId, replication, strength,
       CASE WHEN strength >= 0.7 THEN 'high' WHEN strength >= 0.5 THEN 'moderate' WHEN strength >= 0.3 THEN 'low' ELSE 'very-low' END,
       @file, line
FROM (SELECT c.claim_id AS slug, c.statement, c.quote, c.metric, CAST(c.value AS REAL) AS value, s.id AS sourceId, st.id AS studyId,
             coalesce(nullif(c.replication, ''), 'unknown') AS replication, CAST(c.line AS INTEGER) AS line,
             max(0.0, min(1.0,
                 CASE st.design WHEN 'meta-analysis' THEN 0.7 WHEN 'systematic-review' THEN 0.65 WHEN 'rct' THEN 0.65
                     WHEN 'field-experiment' THEN 0.6 WHEN 'audit-study' THEN 0.6 WHEN 'experiment' THEN 0.55
                     WHEN 'quasi-experiment' THEN 0.45 WHEN 'observational' THEN 0.3 WHEN 'survey' THEN 0.25
                     WHEN 'descriptive-analysis' THEN 0.25 WHEN 'qualitative' THEN 0.2 WHEN 'forecast' THEN 0.15
                     WHEN 'other' THEN 0.15 ELSE 0.1 END
                 + CASE WHEN st.n IS NULL OR st.n <= 0 THEN -0.05
                        ELSE round(0.05 * min(max(log10(st.n) - 2, -2), 3) * 10000) / 10000 END
                 + CASE st.preregistered WHEN 'yes' THEN 0.1 ELSE 0 END
                 + CASE c.replication WHEN 'replicated' THEN 0.15 WHEN 'partial' THEN 0.05 WHEN 'mixed' THEN -0.1
                       WHEN 'failed' THEN -0.3 ELSE 0 END)) AS strength
      FROM stageClaim c JOIN source s ON s.slug = c.source_key JOIN study st ON st.slug = 'st-' || c.source_key);
INSERT INTO claimAbout (entityId, claimId)
SELECT DISTINCT e.id, c.id FROM stageClaim g JOIN claim c ON c.slug = g.claim_id
JOIN entity e ON (e.kind = 'role' AND e.slug = g.role) OR (e.kind = 'skill' AND e.slug = g.skill)
              OR (e.kind = 'cohort' AND e.slug = g.cohort) OR (e.kind = 'boundary' AND e.slug = g.boundary);
-- The same in-memory budget for the full-text build as kb's import gives it.
INSERT INTO claimSearch (claimSearch, rank) VALUES ('hashsize', 67108864);
INSERT INTO claimSearch (rowid, statement, quote, title) SELECT c.id, c.statement, c.quote, s.title FROM claim c JOIN source s ON s.id = c.sourceId;
INSERT INTO sourceSearch (rowid, title, containerTitle) SELECT id, title, containerTitle FROM source;
-- The change log kb's import writes (ChangeRecorder.recordImport, DESIGN §9): one 'add' row per
-- source, study and claim, with the record's summary as JSON, in the same set-wise statements.
-- (kb also logs taxonomy nodes and edges an import adds or changes; this import adds none: the
-- taxonomy is in base.sqlite before it, so there are no such rows to write or compare.)
INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'floor', 'import', NULL, 'add', 'source', slug, 'floor', '["*"]', version, NULL,
       json_object('slug', slug, 'type', type, 'title', title, 'issued', issuedYear, 'doi', doi)
FROM source ORDER BY id;
INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'floor', 'import', NULL, 'add', 'study', st.slug, 'floor', '["*"]', st.version, NULL,
       json_object('slug', st.slug, 'sourceSlug', (SELECT slug FROM source WHERE id = st.sourceId), 'design', st.design, 'n', st.n)
FROM study st ORDER BY st.id;
INSERT INTO changes (time, author, command, reason, action, recordKind, recordId, batch, fields, version, before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'floor', 'import', NULL, 'add', 'claim', c.slug, 'floor', '["*"]', c.version, NULL,
       json_object('slug', c.slug, 'statement', c.statement, 'sourceSlug', (SELECT slug FROM source WHERE id = c.sourceId))
FROM claim c ORDER BY c.id;
DELETE FROM kbSetting WHERE name = 'deferSearchIndex';
DROP TABLE stageSource;
DROP TABLE stageAuthor;
DROP TABLE stageClaim;
COMMIT;
