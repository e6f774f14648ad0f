-- kb schema, migration 6: one citation key of one file may name several works.
--
-- Two files with one base name (most Zotero exports are `references.bib`; stdin is `-`) reuse
-- keys for different works. The key alone never matches a work (the import checks that title,
-- year, first author, DOI and URL do not disagree), so each work keeps its own (file, key) row,
-- and a re-import finds each of them again.
CREATE TABLE sourceKeyNew (
    file     TEXT    NOT NULL,
    key      TEXT    NOT NULL,
    sourceId INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    PRIMARY KEY (file, key, sourceId)
) WITHOUT ROWID;
INSERT INTO sourceKeyNew (file, key, sourceId) SELECT file, key, sourceId FROM sourceKey;
DROP TABLE sourceKey;
ALTER TABLE sourceKeyNew RENAME TO sourceKey;
CREATE INDEX sourceKeyBySource ON sourceKey(sourceId);
CREATE INDEX sourceKeyByKey ON sourceKey(key);
