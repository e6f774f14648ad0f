-- kb schema, migration 2: what imports need to recognise a work they have seen before.

-- The citation keys (BibTeX keys, RIS IDs, CSL-JSON ids) a source had in the files it was
-- imported from. A re-import matches a source by its file and key when it has no DOI, title or
-- URL to go by; `kb query "… where source = KEY"` finds it by key too.
CREATE TABLE sourceKey (
    file     TEXT    NOT NULL,
    key      TEXT    NOT NULL,
    sourceId INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
    PRIMARY KEY (file, key)
) WITHOUT ROWID;
CREATE INDEX sourceKeyBySource ON sourceKey(sourceId);
CREATE INDEX sourceKeyByKey ON sourceKey(key);

CREATE INDEX sourceByURL ON source(url) WHERE url IS NOT NULL;
