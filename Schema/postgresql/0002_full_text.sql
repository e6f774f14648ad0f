-- kb schema for PostgreSQL, migration 2: full text, SQLite's claimSearch and sourceSearch.
--
-- SQLite's FTS5 tables tokenize with `porter unicode61 remove_diacritics 2`; here a text search
-- configuration does the same steps: unaccent folds diacritics, then the Porter stemmer (the
-- snowball `porter` language, not `english`, which is Porter2 and drops stop words: FTS5 keeps
-- every word). Whole hyphenated words are not indexed, only their parts, as FTS5 splits them.
-- Each column keeps its own tsvector, as FTS5 keeps its own columns, so a ranking
-- can weigh them as bm25() does; a GIN index over their concatenation answers the match.
-- Like SQLite's triggers (migration 3 there), kb's bulk writes set `deferSearchIndex` in
-- kbSetting inside their transaction and index their rows in one statement per table; edits
-- made with psql (no setting) are indexed row by row by the triggers.
-- Not here yet: SQLite's trigram tables for scripts written without spaces (its migration 5).

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH DICTIONARY kb_porter (TEMPLATE = snowball, Language = porter);
CREATE TEXT SEARCH CONFIGURATION kb_text (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION kb_text
    ADD MAPPING FOR asciiword, word, hword_asciipart, hword_part WITH unaccent, kb_porter;
ALTER TEXT SEARCH CONFIGURATION kb_text
    ADD MAPPING FOR numword, hword_numpart, int, uint, float, sfloat, version, email, url, host, url_path, file WITH simple;

-- `value` as kb's full text indexes it; NULL is an empty document.
CREATE FUNCTION kb_text(value TEXT) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT to_tsvector('kb_text'::regconfig, coalesce(value, ''))
$$;

-- Claim statement + quote + source title.
CREATE TABLE claimSearch (
    claimId   BIGINT   PRIMARY KEY REFERENCES claim(id) ON DELETE CASCADE,
    statement tsvector NOT NULL,
    quote     tsvector NOT NULL,
    title     tsvector NOT NULL
);
CREATE INDEX claimSearchByText ON claimSearch USING gin ((statement || quote || title));

-- Source title + container title, so `sources where "productivity"` finds works no claim cites.
CREATE TABLE sourceSearch (
    sourceId       BIGINT   PRIMARY KEY REFERENCES source(id) ON DELETE CASCADE,
    title          tsvector NOT NULL,
    containerTitle tsvector NOT NULL
);
CREATE INDEX sourceSearchByText ON sourceSearch USING gin ((title || containerTitle));

-- True while a kb bulk write indexes its rows itself.
CREATE FUNCTION kb_defers_search_index() RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex')
$$;

CREATE FUNCTION claimSearchSync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF kb_defers_search_index() THEN
        RETURN NULL;
    END IF;
    INSERT INTO claimSearch (claimId, statement, quote, title)
        VALUES (NEW.id, kb_text(NEW.statement), kb_text(NEW.quote), kb_text((SELECT title FROM source WHERE id = NEW.sourceId)))
        ON CONFLICT (claimId) DO UPDATE SET statement = EXCLUDED.statement, quote = EXCLUDED.quote, title = EXCLUDED.title;
    RETURN NULL;
END;
$$;
CREATE TRIGGER claimSearchInsert AFTER INSERT ON claim
    FOR EACH ROW EXECUTE FUNCTION claimSearchSync();
CREATE TRIGGER claimSearchUpdate AFTER UPDATE OF statement, quote, sourceId ON claim
    FOR EACH ROW EXECUTE FUNCTION claimSearchSync();
-- A deleted claim's row goes with it (ON DELETE CASCADE).

CREATE FUNCTION sourceSearchSync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF kb_defers_search_index() THEN
        RETURN NULL;
    END IF;
    INSERT INTO sourceSearch (sourceId, title, containerTitle)
        VALUES (NEW.id, kb_text(NEW.title), kb_text(NEW.containerTitle))
        ON CONFLICT (sourceId) DO UPDATE SET title = EXCLUDED.title, containerTitle = EXCLUDED.containerTitle;
    IF TG_OP = 'UPDATE' AND NEW.title IS DISTINCT FROM OLD.title THEN
        UPDATE claimSearch SET title = kb_text(NEW.title)
            WHERE claimId IN (SELECT id FROM claim WHERE sourceId = NEW.id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER sourceSearchInsert AFTER INSERT ON source
    FOR EACH ROW EXECUTE FUNCTION sourceSearchSync();
CREATE TRIGGER sourceSearchUpdate AFTER UPDATE OF title, containerTitle ON source
    FOR EACH ROW EXECUTE FUNCTION sourceSearchSync();

INSERT INTO kbSchemaMigration (identifier) VALUES ('0002_full_text');
