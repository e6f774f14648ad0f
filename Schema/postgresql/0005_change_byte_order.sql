-- kb schema for PostgreSQL, migration 5: changesByRecord in byte order (recordId COLLATE "C").
-- The change log is read by record id in byte order, as SQLite's BINARY collation orders it: a
-- claim's relation changes are the ids from 'CLAIM ' up to 'CLAIM!' ("FROM KIND TO" ids), which
-- is that range only in byte order, whatever the database's locale. An index in the database's
-- own collation cannot serve a COLLATE "C" range: PostgreSQL read the log's every row newest
-- first for it (80 ms a claim page at 1M claims, 1.7M changes). In byte order it is an index
-- range, and kb's other look-ups by record id compare in byte order too (the same answers:
-- equality of text is byte equality in every deterministic collation). With the id SQLite keeps
-- in every index entry written out, a record's newest changes come in id order from the index.
-- SQLite's index is the same one: BINARY is its default collation.
-- The new index is built under a lock that holds back writes but not reads; dropping the old
-- one takes an exclusive lock on the change log until the migration commits, so it waits at most
-- 5 s for readers to finish (else the migration fails, leaves nothing and is tried again).

SET LOCAL lock_timeout = '5s';
CREATE INDEX changesByRecordBytes ON changes(recordId COLLATE "C", recordKind, id);
DROP INDEX changesByRecord;
ALTER INDEX changesByRecordBytes RENAME TO changesByRecord;

INSERT INTO kbSchemaMigration (identifier) VALUES ('0005_change_byte_order');
