-- kb schema for PostgreSQL, migration 4: claimByStrength holds each claim's id after its strength.
-- SQLite keeps a row's id in every index entry, so its index on claim(strength) hands the subject
-- query's strength walk (keyset pages in (strength, id) order, descending: QueryEngine's
-- StrengthWalk) its claims from the index alone. PostgreSQL's index on (strength) did not: each
-- page of 8,192 claims read the table's rows and sorted the ties by id (40 ms a page at 1M claims).
-- On (strength, id) a page is an index-only scan in order (2 ms). The same index as SQLite's, with
-- the id SQLite adds to it written out.
-- The new index is built first, under a lock that holds back writes but not reads; the old one is
-- then dropped and the new one takes its name, each a moment's exclusive lock.

CREATE INDEX claimByStrengthAndId ON claim(strength, id);
DROP INDEX claimByStrength;
ALTER INDEX claimByStrengthAndId RENAME TO claimByStrength;

INSERT INTO kbSchemaMigration (identifier) VALUES ('0004_strength_order');
