-- kb schema, migration 5: substring search for scripts written without spaces.
--
-- unicode61 (claimSearch, sourceSearch) splits words at spaces and punctuation, so Chinese,
-- Japanese, Thai... text is one "word" per run: "人工智能对就业的影响" was found only whole.
-- These trigram tables index the same columns by every three characters, so that a substring
-- ("就业的") is found. kb reads them only for search terms in those scripts; every other term
-- keeps the unicode61 tables, their stemming and BM25 ranking. They hold only the rows whose
-- text has characters of those scripts (the triggers' GLOB class below, the same ranges as
-- SubstringSearch.swift), so a Latin-only KB pays nothing for them; a term of one or two such
-- characters (too short for a trigram) is matched with LIKE over these few rows.
-- Like migration 3's triggers, kb's bulk writes defer them (`deferSearchIndex`) and index in
-- one statement per table (SearchIndexSync); edits made with sqlite3 are indexed row by row.

CREATE VIRTUAL TABLE claimTrigram USING fts5(statement, quote, title, tokenize = 'trigram');
CREATE VIRTUAL TABLE sourceTrigram USING fts5(title, containerTitle, tokenize = 'trigram');

-- The back-fill selects rows with kb_unspaced(), kb's function for the same test (GLOB re-reads
-- its class at every character: a minute at a million claims); kb runs its migrations itself.
INSERT INTO claimTrigram (rowid, statement, quote, title)
    SELECT c.id, c.statement, c.quote, s.title FROM claim c LEFT JOIN source s ON s.id = c.sourceId
    WHERE kb_unspaced(c.statement, c.quote, s.title);
INSERT INTO sourceTrigram (rowid, title, containerTitle)
    SELECT id, title, containerTitle FROM source WHERE kb_unspaced(title, containerTitle);

CREATE TRIGGER claimTrigramInsert AFTER INSERT ON claim
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    INSERT INTO claimTrigram (rowid, statement, quote, title)
        SELECT NEW.id, NEW.statement, NEW.quote, t.title FROM (SELECT (SELECT title FROM source WHERE id = NEW.sourceId) AS title) t
        WHERE NEW.statement GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR NEW.quote GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR t.title GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*';
END;
CREATE TRIGGER claimTrigramDelete AFTER DELETE ON claim
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM claimTrigram WHERE rowid = OLD.id;
END;
CREATE TRIGGER claimTrigramUpdate AFTER UPDATE OF statement, quote, sourceId ON claim
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM claimTrigram WHERE rowid = OLD.id;
    INSERT INTO claimTrigram (rowid, statement, quote, title)
        SELECT NEW.id, NEW.statement, NEW.quote, t.title FROM (SELECT (SELECT title FROM source WHERE id = NEW.sourceId) AS title) t
        WHERE NEW.statement GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR NEW.quote GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR t.title GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*';
END;
CREATE TRIGGER claimTrigramSourceTitle AFTER UPDATE OF title ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM claimTrigram WHERE rowid IN (SELECT id FROM claim WHERE sourceId = NEW.id);
    INSERT INTO claimTrigram (rowid, statement, quote, title)
        SELECT c.id, c.statement, c.quote, NEW.title FROM claim c
        WHERE c.sourceId = NEW.id AND (c.statement GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR c.quote GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR NEW.title GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*');
END;
CREATE TRIGGER sourceTrigramInsert AFTER INSERT ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex')
     AND (NEW.title GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR NEW.containerTitle GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*') BEGIN
    INSERT INTO sourceTrigram (rowid, title, containerTitle) VALUES (NEW.id, NEW.title, NEW.containerTitle);
END;
CREATE TRIGGER sourceTrigramDelete AFTER DELETE ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM sourceTrigram WHERE rowid = OLD.id;
END;
CREATE TRIGGER sourceTrigramUpdate AFTER UPDATE OF title, containerTitle ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM sourceTrigram WHERE rowid = OLD.id;
    INSERT INTO sourceTrigram (rowid, title, containerTitle)
        SELECT NEW.id, NEW.title, NEW.containerTitle WHERE NEW.title GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*' OR NEW.containerTitle GLOB '*[฀-࿿က-႟ក-៿぀-ヿ㐀-䶿一-鿿가-힯豈-﫿ｦ-ﾟ𠀀-𿿽]*';
END;
