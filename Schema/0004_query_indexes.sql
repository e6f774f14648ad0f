-- kb schema, migration 4: indexes for the query shapes that had to scan every claim.
--
-- `claims where replication = failed`, `claims where grade = high` and `claims rank by strength
-- limit N` read these instead (the query-plan tests in Tests/KBCoreTests/Query check every shape
-- on a KB with ANALYZE statistics).

CREATE INDEX claimByReplication ON claim(replication, strength);
CREATE INDEX claimByGrade ON claim(grade, strength);
CREATE INDEX claimByStrength ON claim(strength);
