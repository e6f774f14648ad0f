-- kb schema, migration 10: the replication status a claim's curator or file stated, kept apart
-- from the one shown (DESIGN §9).
--
-- `claim.replication` is the status kb shows, ranks and grades by: the roll-up of the status
-- stated for the claim and every replication attempt recorded on it (`replicationAttempt`:
-- imported replications and `kb link`s). `statedReplication` keeps what `kb add`, `kb edit` or
-- an import stated when the attempts moved the shown status away from it; NULL when they agree
-- (every claim of a KB made before this migration, and every claim an import writes). Keeping
-- the stated status lets every link, unlink, remove, edit and undo recompute the shown one from
-- scratch instead of guessing what it was before the first link.
ALTER TABLE claim ADD COLUMN statedReplication TEXT
    CHECK (statedReplication IS NULL OR statedReplication IN ('not-attempted', 'replicated', 'partial', 'failed', 'mixed', 'unknown'));
