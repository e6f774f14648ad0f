-- kb schema, migration 3: bulk writes can defer the full-text indexes.
--
-- FTS5 flushes its pending terms to disk at every statement savepoint, so keeping the indexes in
-- step row by row (with the triggers of migrations 1) makes a large import many times slower and
-- leaves a fragmented index. kb's imports set `deferSearchIndex` inside their transaction, write
-- their rows, then index them in one statement per table and clear the setting before committing.
-- Edits made with sqlite3 (no setting) keep being indexed by the triggers, as before.

CREATE TABLE kbSetting (
    name  TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;

DROP TRIGGER claimSearchInsert;
DROP TRIGGER claimSearchDelete;
DROP TRIGGER claimSearchUpdate;
DROP TRIGGER claimSearchSourceTitle;
DROP TRIGGER sourceSearchInsert;
DROP TRIGGER sourceSearchDelete;
DROP TRIGGER sourceSearchUpdate;

CREATE TRIGGER claimSearchInsert AFTER INSERT ON claim
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    INSERT INTO claimSearch(rowid, statement, quote, title)
    VALUES (NEW.id, NEW.statement, NEW.quote, (SELECT title FROM source WHERE id = NEW.sourceId));
END;
CREATE TRIGGER claimSearchDelete AFTER DELETE ON claim
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM claimSearch WHERE rowid = OLD.id;
END;
CREATE TRIGGER claimSearchUpdate AFTER UPDATE OF statement, quote, sourceId ON claim
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    DELETE FROM claimSearch WHERE rowid = OLD.id;
    INSERT INTO claimSearch(rowid, statement, quote, title)
    VALUES (NEW.id, NEW.statement, NEW.quote, (SELECT title FROM source WHERE id = NEW.sourceId));
END;
CREATE TRIGGER claimSearchSourceTitle AFTER UPDATE OF title ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    UPDATE claimSearch SET title = NEW.title WHERE rowid IN (SELECT id FROM claim WHERE sourceId = NEW.id);
END;
CREATE TRIGGER sourceSearchInsert AFTER INSERT ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    INSERT INTO sourceSearch(rowid, title, containerTitle) VALUES (NEW.id, NEW.title, NEW.containerTitle);
END;
CREATE TRIGGER sourceSearchDelete AFTER DELETE ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    INSERT INTO sourceSearch(sourceSearch, rowid, title, containerTitle) VALUES ('delete', OLD.id, OLD.title, OLD.containerTitle);
END;
CREATE TRIGGER sourceSearchUpdate AFTER UPDATE OF title, containerTitle ON source
WHEN NOT EXISTS (SELECT 1 FROM kbSetting WHERE name = 'deferSearchIndex') BEGIN
    INSERT INTO sourceSearch(sourceSearch, rowid, title, containerTitle) VALUES ('delete', OLD.id, OLD.title, OLD.containerTitle);
    INSERT INTO sourceSearch(rowid, title, containerTitle) VALUES (NEW.id, NEW.title, NEW.containerTitle);
END;
