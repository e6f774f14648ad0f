-- kb schema, migration 9: every replication attempt in one place (DESIGN §9).
--
-- A claim's replications come two ways: a source that tried to replicate it (`claimReplication`,
-- from an import such as FReD) and a claim of the KB that replicates or fails to replicate it
-- (`claimRelation`, from `kb link`). `replicationAttempt` is both: the replicated claim, the
-- source that tried (for a linked claim, that claim's source), what it found, the note, and the
-- replicating claim when a link made it. `kb show`, the `replicated-by` filter, the audit and
-- the replication roll-up read this view, so a link counts wherever an imported replication does,
-- and removing or unlinking the replicating claim takes it away everywhere at once.
CREATE VIEW replicationAttempt AS
    SELECT r.claimId AS claimId, r.sourceId AS sourceId, r.outcome AS outcome, r.note AS note, NULL AS byClaimId
    FROM claimReplication r
    UNION ALL
    SELECT x.toClaimId, f.sourceId, CASE x.kind WHEN 'replicates' THEN 'replicated' ELSE 'failed' END, x.note, x.fromClaimId
    -- LEFT JOIN: every relation's claim exists (foreign key), and a reader that needs no source
    -- (`has replicated-by`) reads the relations alone.
    FROM claimRelation x LEFT JOIN claim f ON f.id = x.fromClaimId
    WHERE x.kind IN ('replicates', 'fails-to-replicate');
