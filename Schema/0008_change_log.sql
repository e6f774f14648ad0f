-- kb schema, migration 8: curation with a history (DESIGN §9).
--
-- Every write — `kb add`, `edit`, `notice`, `link`, `remove`, `undo`, `import` and `init --force` —
-- appends rows to `changes`: when (UTC, ISO 8601), who, with which command and why, which record
-- (its kind and the slug users see), and the record before and after as JSON (NULL before an
-- addition, NULL after a removal). `batch` groups the rows of one import or one `add --from`, so
-- that `kb undo` can reverse them as one; `fields` lists the fields a change touched (a JSON
-- array; `["*"]` for a whole record), which `kb undo` compares with later changes; `undoes` names
-- the change an undo reversed. The log is append-only: the triggers refuse UPDATE and DELETE.
CREATE TABLE changes (
    id         INTEGER PRIMARY KEY,
    time       TEXT    NOT NULL,
    author     TEXT    NOT NULL,
    command    TEXT    NOT NULL,
    reason     TEXT,
    action     TEXT    NOT NULL CHECK (action IN ('add', 'edit', 'remove', 'link', 'unlink', 'init')),
    recordKind TEXT    NOT NULL,
    recordId   TEXT    NOT NULL,
    batch      TEXT,
    fields     TEXT    NOT NULL DEFAULT '["*"]' CHECK (json_valid(fields)),
    version    INTEGER,
    before     TEXT CHECK (before IS NULL OR json_valid(before)),
    after      TEXT CHECK (after IS NULL OR json_valid(after)),
    undoes     INTEGER REFERENCES changes(id)
);
CREATE INDEX changesByRecord ON changes(recordId, recordKind);
CREATE INDEX changesByBatch ON changes(batch) WHERE batch IS NOT NULL;
CREATE INDEX changesByUndoes ON changes(undoes) WHERE undoes IS NOT NULL;

CREATE TRIGGER changesAppendOnlyUpdate BEFORE UPDATE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only: changes cannot be updated'); END;
CREATE TRIGGER changesAppendOnlyDelete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'the change log is append-only: changes cannot be deleted'); END;

-- Each curated record counts its writes: `--if-version N` refuses a write when the record moved
-- on. Records written before this migration start at 1.
ALTER TABLE source ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE study ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE claim ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
