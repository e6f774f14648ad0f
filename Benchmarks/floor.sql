-- The floor for kb's import benchmark (Benchmarks/run.sh): the sqlite3 CLI loading the
-- generator's rows (already split per table: no parsing in the way) into a KB that has kb's
-- schema and the taxonomy, with kb's indexes and full-text index, in one transaction, the way
-- kb's own import does (FTS built in one statement at the end). Run from the generated folder.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -262144;
.mode csv
.import floor/sources.csv stageSource
.import floor/authors.csv stageAuthor
.import floor/claims.csv stageClaim
BEGIN;
INSERT INTO kbSetting (name, value) VALUES ('deferSearchIndex', '1');
INSERT INTO source (slug, type, title, titleKey, containerTitle, issuedYear, doi)
SELECT source_key, 'article-journal', title, lower(title), journal, CAST(year AS INTEGER), nullif(doi, '') FROM stageSource;
INSERT INTO contributor (sourceId, role, position, family, given, nameKey)
SELECT s.id, 'author', CAST(a.position AS INTEGER), a.family, a.given, lower(a.family || ' ' || a.given)
FROM stageAuthor a JOIN source s ON s.slug = a.source_key;
INSERT INTO study (slug, sourceId, design, n, nUnit, preregistered)
SELECT 'st-' || g.source_key, s.id, nullif(g.design, ''), CAST(nullif(g.n, '') AS INTEGER), 'participants', coalesce(nullif(g.prereg, ''), 'unknown')
FROM stageSource g JOIN source s ON s.slug = g.source_key;
INSERT INTO claim (slug, statement, quote, metric, value, unit, sourceId, studyId, replication)
SELECT c.claim_id, c.statement, c.quote, c.metric, CAST(c.value AS REAL), 'percent', s.id, st.id, coalesce(nullif(c.replication, ''), 'unknown')
FROM stageClaim c JOIN source s ON s.slug = c.source_key JOIN study st ON st.slug = 'st-' || c.source_key;
INSERT INTO claimAbout (entityId, claimId)
SELECT DISTINCT e.id, c.id FROM stageClaim g JOIN claim c ON c.slug = g.claim_id
JOIN entity e ON (e.kind = 'role' AND e.slug = g.role) OR (e.kind = 'skill' AND e.slug = g.skill)
              OR (e.kind = 'cohort' AND e.slug = g.cohort) OR (e.kind = 'boundary' AND e.slug = g.boundary);
-- The same in-memory budget for the full-text build as kb's import gives it.
INSERT INTO claimSearch (claimSearch, rank) VALUES ('hashsize', 67108864);
INSERT INTO claimSearch (rowid, statement, quote, title) SELECT c.id, c.statement, c.quote, s.title FROM claim c JOIN source s ON s.id = c.sourceId;
INSERT INTO sourceSearch (rowid, title, containerTitle) SELECT id, title, containerTitle FROM source;
DELETE FROM kbSetting WHERE name = 'deferSearchIndex';
DROP TABLE stageSource;
DROP TABLE stageAuthor;
DROP TABLE stageClaim;
COMMIT;
