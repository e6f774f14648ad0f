-- kb schema, migration 10: the replication status a claim's curator or file stated, kept apart
-- from the one shown (DESIGN §9).
--
-- `claim.replication` is the status kb shows, ranks and grades by: the roll-up of the status
-- stated for the claim and every replication attempt recorded on it (`replicationAttempt`:
-- imported replications and `kb link`s). `statedReplication` keeps what `kb add`, `kb edit` or
-- an import stated when the attempts moved the shown status away from it; NULL when they agree.
-- Keeping the stated status lets every link, unlink, remove, edit and undo recompute the shown
-- one from scratch instead of guessing what it was before the first link.
ALTER TABLE claim ADD COLUMN statedReplication TEXT
    CHECK (statedReplication IS NULL OR statedReplication IN ('not-attempted', 'replicated', 'partial', 'failed', 'mixed', 'unknown'));

-- A claim that `kb link` replicated before this migration shows the rolled-up status, and only
-- the change log remembers the stated one: the status before the first roll-up edit (a claim
-- edit of a `link-…` batch) after the last time a curator, an import or an undo stated it (an
-- add or edit touching `replication` outside `link-…` and `remove-…` batches and outside undos
-- of them: an undo's batch is `undo-` and the undone batch's name — a one-change batch's undo
-- had none before this migration, but rolled nothing up either — and an `undo-link-…` or
-- `undo-remove-…` edit or add wrote back a rolled-up status, not a stated one), as kb's
-- removal read it before. It is kept where it differs from the shown one, so that removing or undoing
-- those links after the migration still gives the stated status back.
UPDATE claim SET statedReplication = (
    SELECT json_extract(l.before, '$.replication') FROM changes l
    WHERE l.recordKind = 'claim' AND l.recordId = claim.slug AND l.action = 'edit' AND l.batch LIKE 'link-%'
      AND json_valid(l.before)
      AND json_extract(l.before, '$.replication') IN ('not-attempted', 'replicated', 'partial', 'failed', 'mixed', 'unknown')
      AND l.id > coalesce((SELECT max(s.id) FROM changes s
                           WHERE s.recordKind = 'claim' AND s.recordId = claim.slug AND s.action IN ('add', 'edit')
                             AND (s.batch IS NULL OR (replace(s.batch, 'undo-', '') NOT LIKE 'link-%'
                                                      AND replace(s.batch, 'undo-', '') NOT LIKE 'remove-%'))
                             AND (instr(s.fields, '"replication"') > 0 OR instr(s.fields, '"*"') > 0)), 0)
    ORDER BY l.id LIMIT 1)
WHERE id IN (SELECT toClaimId FROM claimRelation WHERE kind IN ('replicates', 'fails-to-replicate'));
UPDATE claim SET statedReplication = NULL WHERE statedReplication = replication;
