-- kb schema, migration 1: the evidence graph.
--
-- Read it with sqlite3 or Datasette: the views at the end give one row per claim with its
-- citation, and one view per taxonomy kind (role, skill, cohort, ...).
-- Conventions: singular camelCase tables, INTEGER `id` keys, human-readable `slug`s,
-- NULL means "unknown" (never 0 or ''), enumerations are CHECKed, foreign keys are indexed.
-- A shipped migration is never edited: changes go in a new numbered file.

-- Taxonomy ---------------------------------------------------------------------------------

-- Every taxonomy node: roles, skills, cohorts, regulatory/definitional boundaries, career bands,
-- topics, jurisdictions and occupation groups. A slug is unique within its kind.
CREATE TABLE entity (
    id          INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('role', 'skill', 'cohort', 'boundary', 'band', 'topic', 'jurisdiction', 'occupation-group')),
    slug        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    description TEXT,
    originFile  TEXT,
    originLine  INTEGER,
    UNIQUE (kind, slug)
);
CREATE INDEX entityBySlug ON entity(slug);

-- Labels a page gives a node, stored as stated (never filled in): demand, pay uplift, salary band...
-- `context` is the slug of the role the label is stated for, or '' when it holds everywhere.
CREATE TABLE entityAttribute (
    entityId   INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    context    TEXT    NOT NULL DEFAULT '',
    value      TEXT    NOT NULL,
    quote      TEXT,
    originFile TEXT,
    originLine INTEGER,
    PRIMARY KEY (entityId, name, context)
) WITHOUT ROWID;

-- Other names of a node. `key` is the folded form (lower case, runs of non-alphanumerics
-- become '-'), which is what `kb query` looks up.
CREATE TABLE alias (
    key      TEXT    NOT NULL,
    entityId INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    alias    TEXT    NOT NULL,
    PRIMARY KEY (key, entityId)
) WITHOUT ROWID;
CREATE INDEX aliasByEntity ON alias(entityId);

-- Typed, weighted edges between taxonomy nodes:
--   role -uses-> skill, skill -adjacent-> skill, skill -alongside-> skill, role -neighbour-> role,
--   skill -recurs-in-> role, boundary -translates-to-> boundary (note: what does not carry over),
--   cohort -narrower-> cohort (an intersection is narrower than each of its parts),
--   boundary -in-jurisdiction-> jurisdiction.
CREATE TABLE edge (
    fromId     INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('uses', 'adjacent', 'alongside', 'neighbour', 'recurs-in', 'translates-to', 'narrower', 'in-jurisdiction')),
    toId       INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    weight     REAL    NOT NULL DEFAULT 1.0,
    note       TEXT,
    originFile TEXT,
    originLine INTEGER,
    PRIMARY KEY (fromId, kind, toId)
) WITHOUT ROWID;
CREATE INDEX edgeByTarget ON edge(toId, kind);

-- Sources ----------------------------------------------------------------------------------

-- A citable work, described with CSL variables. `doi` is normalised (lower case, no resolver
-- prefix); `titleKey` is the folded title used to find duplicates. Variables kb has no column for
-- are kept in `extra` (a JSON object of CSL variables) so that nothing imported is lost.
CREATE TABLE source (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    type            TEXT    NOT NULL DEFAULT 'article-journal',
    title           TEXT,
    titleKey        TEXT,
    containerTitle  TEXT,
    publisher       TEXT,
    publisherPlace  TEXT,
    volume          TEXT,
    issue           TEXT,
    page            TEXT,
    issuedYear      INTEGER,
    issuedMonth     INTEGER CHECK (issuedMonth BETWEEN 1 AND 12),
    issuedDay       INTEGER CHECK (issuedDay BETWEEN 1 AND 31),
    doi             TEXT,
    url             TEXT,
    accessed        TEXT,
    isPeerReviewed  INTEGER CHECK (isPeerReviewed IN (0, 1)),
    extra           TEXT CHECK (extra IS NULL OR json_valid(extra)),
    note            TEXT,
    originFile      TEXT,
    originLine      INTEGER
);
CREATE INDEX sourceByDOI ON source(doi) WHERE doi IS NOT NULL;
CREATE INDEX sourceByTitleKey ON source(titleKey, issuedYear) WHERE titleKey IS NOT NULL;
CREATE INDEX sourceByYear ON source(issuedYear);

-- Ordered contributors of a source: a person (family, given, particles, suffix) or an
-- organisation (`literal`). `nameKey` is the folded family name or literal, for `author=`.
CREATE TABLE contributor (
    sourceId         INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    role             TEXT    NOT NULL DEFAULT 'author' CHECK (role IN ('author', 'editor', 'translator', 'container-author', 'collection-editor')),
    position         INTEGER NOT NULL,
    family           TEXT,
    given            TEXT,
    droppingParticle TEXT,
    particle         TEXT,
    suffix           TEXT,
    literal          TEXT,
    nameKey          TEXT    NOT NULL,
    PRIMARY KEY (sourceId, role, position),
    CHECK (family IS NOT NULL OR literal IS NOT NULL)
) WITHOUT ROWID;
CREATE INDEX contributorByName ON contributor(nameKey);

-- Typed, dated editorial notices on a source (Retraction Watch's vocabulary).
CREATE TABLE notice (
    id       INTEGER PRIMARY KEY,
    sourceId INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL CHECK (kind IN ('retraction', 'correction', 'expression-of-concern', 'reinstatement')),
    date     TEXT,
    reason   TEXT,
    url      TEXT
);
CREATE INDEX noticeBySource ON notice(sourceId, kind);

-- Studies ----------------------------------------------------------------------------------

-- The research behind a source. `n` is the sample size as a number, `nText` as the source
-- states it ("~2,900"), `nUnit` what was counted. `preregistered` is yes/no/unknown.
CREATE TABLE study (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    sourceId      INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    label         TEXT,
    design        TEXT CHECK (design IN ('rct', 'experiment', 'field-experiment', 'audit-study', 'quasi-experiment', 'observational', 'survey', 'meta-analysis', 'systematic-review', 'descriptive-analysis', 'forecast', 'qualitative', 'other')),
    designQuote   TEXT,
    n             INTEGER,
    nText         TEXT,
    nUnit         TEXT,
    preregistered TEXT    NOT NULL DEFAULT 'unknown' CHECK (preregistered IN ('yes', 'no', 'unknown')),
    registryURL   TEXT,
    population    TEXT,
    country       TEXT,
    period        TEXT,
    originFile    TEXT,
    originLine    INTEGER
);
CREATE INDEX studyBySource ON study(sourceId);
CREATE INDEX studyByDesign ON study(design);
CREATE INDEX studyByN ON study(n);

-- Claims -----------------------------------------------------------------------------------

-- One finding. `statement` is in kb's words, `quote` verbatim with its `locator`. The quantity
-- is metric/value/unit/direction (+ baseline, interval). A claim without a source is an
-- unsourced assertion, kept so that it can be audited. `strength` (0..1) and `grade` are
-- kb's evidence rubric, recomputed by kb whenever the claim, its study or its source changes.
CREATE TABLE claim (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    statement     TEXT    NOT NULL,
    quote         TEXT,
    locator       TEXT,
    metric        TEXT,
    value         REAL,
    unit          TEXT,
    direction     TEXT CHECK (direction IN ('increase', 'decrease', 'no-change', 'mixed')),
    baseline      TEXT,
    intervalLow   REAL,
    intervalHigh  REAL,
    sourceId      INTEGER REFERENCES source(id) ON DELETE CASCADE,
    studyId       INTEGER REFERENCES study(id) ON DELETE SET NULL,
    replication   TEXT    NOT NULL DEFAULT 'unknown' CHECK (replication IN ('not-attempted', 'replicated', 'partial', 'failed', 'mixed', 'unknown')),
    isEconomyWide INTEGER NOT NULL DEFAULT 0 CHECK (isEconomyWide IN (0, 1)),
    strength      REAL    NOT NULL DEFAULT 0 CHECK (strength BETWEEN 0 AND 1),
    grade         TEXT    NOT NULL DEFAULT 'very-low' CHECK (grade IN ('high', 'moderate', 'low', 'very-low')),
    note          TEXT,
    originFile    TEXT,
    originLine    INTEGER
);
CREATE INDEX claimBySource ON claim(sourceId);
CREATE INDEX claimByStudy ON claim(studyId);
CREATE INDEX claimEconomyWide ON claim(isEconomyWide, strength);

-- A claim's study must belong to the claim's source.
CREATE TRIGGER claimStudyMatchesSourceOnInsert BEFORE INSERT ON claim
WHEN NEW.studyId IS NOT NULL AND (SELECT sourceId FROM study WHERE id = NEW.studyId) IS NOT NEW.sourceId
BEGIN SELECT RAISE(ABORT, 'claim.studyId belongs to another source'); END;
CREATE TRIGGER claimStudyMatchesSourceOnUpdate BEFORE UPDATE OF studyId, sourceId ON claim
WHEN NEW.studyId IS NOT NULL AND (SELECT sourceId FROM study WHERE id = NEW.studyId) IS NOT NEW.sourceId
BEGIN SELECT RAISE(ABORT, 'claim.studyId belongs to another source'); END;

-- What a claim is about: roles, skills, cohorts, boundaries, bands, topics, jurisdictions.
-- The primary key serves subject queries (entity → claims); the second index serves filters.
CREATE TABLE claimAbout (
    entityId INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    claimId  INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    PRIMARY KEY (entityId, claimId)
) WITHOUT ROWID;
CREATE INDEX claimAboutByClaim ON claimAbout(claimId, entityId);

-- Typed relations between claims.
CREATE TABLE claimRelation (
    fromClaimId INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('supports', 'contradicts', 'replicates', 'fails-to-replicate')),
    toClaimId   INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    note        TEXT,
    PRIMARY KEY (fromClaimId, kind, toClaimId)
) WITHOUT ROWID;
CREATE INDEX claimRelationByTarget ON claimRelation(toClaimId, kind);

-- The sources that tried to replicate a claim, and what they found.
CREATE TABLE claimReplication (
    claimId  INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    sourceId INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    outcome  TEXT    NOT NULL CHECK (outcome IN ('replicated', 'partial', 'failed', 'mixed', 'unknown')),
    note     TEXT,
    PRIMARY KEY (claimId, sourceId)
) WITHOUT ROWID;
CREATE INDEX claimReplicationBySource ON claimReplication(sourceId);

-- Full text over claim statement + quote + source title (porter stemming, diacritics folded).
-- kb keeps it in step with triggers, so edits made with sqlite3 stay searchable too.
CREATE VIRTUAL TABLE claimSearch USING fts5(statement, quote, title, tokenize = 'porter unicode61 remove_diacritics 2');

CREATE TRIGGER claimSearchInsert AFTER INSERT ON claim BEGIN
    INSERT INTO claimSearch(rowid, statement, quote, title)
    VALUES (NEW.id, NEW.statement, NEW.quote, (SELECT title FROM source WHERE id = NEW.sourceId));
END;
CREATE TRIGGER claimSearchDelete AFTER DELETE ON claim BEGIN
    DELETE FROM claimSearch WHERE rowid = OLD.id;
END;
CREATE TRIGGER claimSearchUpdate AFTER UPDATE OF statement, quote, sourceId ON claim BEGIN
    DELETE FROM claimSearch WHERE rowid = OLD.id;
    INSERT INTO claimSearch(rowid, statement, quote, title)
    VALUES (NEW.id, NEW.statement, NEW.quote, (SELECT title FROM source WHERE id = NEW.sourceId));
END;
CREATE TRIGGER claimSearchSourceTitle AFTER UPDATE OF title ON source BEGIN
    UPDATE claimSearch SET title = NEW.title WHERE rowid IN (SELECT id FROM claim WHERE sourceId = NEW.id);
END;

-- Full text over source titles and containers, so `sources where "productivity"` finds works
-- that no claim cites yet. External content: the text lives in `source` only.
CREATE VIRTUAL TABLE sourceSearch USING fts5(title, containerTitle, content = 'source', content_rowid = 'id',
                                             tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER sourceSearchInsert AFTER INSERT ON source BEGIN
    INSERT INTO sourceSearch(rowid, title, containerTitle) VALUES (NEW.id, NEW.title, NEW.containerTitle);
END;
CREATE TRIGGER sourceSearchDelete AFTER DELETE ON source BEGIN
    INSERT INTO sourceSearch(sourceSearch, rowid, title, containerTitle) VALUES ('delete', OLD.id, OLD.title, OLD.containerTitle);
END;
CREATE TRIGGER sourceSearchUpdate AFTER UPDATE OF title, containerTitle ON source BEGIN
    INSERT INTO sourceSearch(sourceSearch, rowid, title, containerTitle) VALUES ('delete', OLD.id, OLD.title, OLD.containerTitle);
    INSERT INTO sourceSearch(rowid, title, containerTitle) VALUES (NEW.id, NEW.title, NEW.containerTitle);
END;

-- Page notes, profiles, provenance ----------------------------------------------------------

-- What a page says about its own method, limits and instruments, stored as stated.
CREATE TABLE note (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL CHECK (kind IN ('methodology', 'limitation', 'instrument', 'boundary', 'scope')),
    text       TEXT    NOT NULL,
    locator    TEXT,
    originFile TEXT,
    originLine INTEGER
);

-- A stored profile: a role plus weighted skills, and optionally a cohort, boundary, band and
-- jurisdiction that relevance rewards. `kb query "claims for profile:SLUG"` uses it.
CREATE TABLE profile (
    id             INTEGER PRIMARY KEY,
    slug           TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL,
    roleId         INTEGER REFERENCES entity(id) ON DELETE SET NULL,
    cohortId       INTEGER REFERENCES entity(id) ON DELETE SET NULL,
    boundaryId     INTEGER REFERENCES entity(id) ON DELETE SET NULL,
    bandId         INTEGER REFERENCES entity(id) ON DELETE SET NULL,
    jurisdictionId INTEGER REFERENCES entity(id) ON DELETE SET NULL,
    originFile     TEXT,
    originLine     INTEGER
);
CREATE TABLE profileSkill (
    profileId INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    skillId   INTEGER NOT NULL REFERENCES entity(id) ON DELETE CASCADE,
    weight    REAL    NOT NULL DEFAULT 1.0 CHECK (weight BETWEEN 0 AND 1),
    PRIMARY KEY (profileId, skillId)
) WITHOUT ROWID;

-- One row per load of seeds or import command, for `kb stats` and provenance.
CREATE TABLE importRun (
    id         INTEGER PRIMARY KEY,
    startedAt  TEXT    NOT NULL,
    command    TEXT    NOT NULL,
    files      TEXT    NOT NULL,
    added      INTEGER NOT NULL DEFAULT 0,
    updated    INTEGER NOT NULL DEFAULT 0,
    unchanged  INTEGER NOT NULL DEFAULT 0,
    skipped    INTEGER NOT NULL DEFAULT 0
);

-- Views for people reading the file ----------------------------------------------------------

CREATE VIEW role AS SELECT id, slug, name, description FROM entity WHERE kind = 'role';
CREATE VIEW skill AS SELECT id, slug, name, description FROM entity WHERE kind = 'skill';
CREATE VIEW cohort AS SELECT id, slug, name, description FROM entity WHERE kind = 'cohort';
CREATE VIEW boundary AS SELECT id, slug, name, description FROM entity WHERE kind = 'boundary';
CREATE VIEW band AS SELECT id, slug, name, description FROM entity WHERE kind = 'band';
CREATE VIEW topic AS SELECT id, slug, name, description FROM entity WHERE kind = 'topic';

-- A short author-year citation per source: "Noy & Zhang (2023)", "World Economic Forum (2025)".
CREATE VIEW sourceCitation AS
SELECT s.id AS sourceId,
       s.slug AS source,
       CASE (SELECT count(*) FROM contributor a WHERE a.sourceId = s.id AND a.role = 'author')
           WHEN 0 THEN coalesce(s.title, s.slug)
           WHEN 1 THEN (SELECT coalesce(a.family, a.literal) FROM contributor a WHERE a.sourceId = s.id AND a.role = 'author' AND a.position = 0)
           WHEN 2 THEN (SELECT group_concat(coalesce(family, literal), ' & ') FROM
                           (SELECT a.family, a.literal FROM contributor a WHERE a.sourceId = s.id AND a.role = 'author' ORDER BY a.position))
           ELSE (SELECT coalesce(a.family, a.literal) FROM contributor a WHERE a.sourceId = s.id AND a.role = 'author' AND a.position = 0) || ' et al.'
       END || ' (' || coalesce(s.issuedYear, 'n.d.') || ')' AS citation,
       s.title, s.issuedYear AS year, s.doi, s.url
FROM source s;

-- One row per claim with its evidence and citation.
CREATE VIEW claimCitation AS
SELECT c.slug AS claim,
       c.statement,
       c.metric, c.value, c.unit,
       c.quote, c.locator,
       st.design, st.n, st.nUnit, st.preregistered,
       c.replication, c.grade, c.strength,
       sc.source, sc.citation, sc.year, sc.doi, sc.url
FROM claim c
LEFT JOIN study st ON st.id = c.studyId
LEFT JOIN sourceCitation sc ON sc.sourceId = c.sourceId;

