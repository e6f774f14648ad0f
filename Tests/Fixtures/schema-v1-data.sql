-- A small KB as kb wrote it with schema version 1 (Schema/0001_evidence_graph.sql only): the
-- migration test (Tests/kbTests/HardeningTests.swift) creates the tables from that file, adds
-- these rows and opens the result with the current kb, which upgrades it in place. The values
-- are invented for the test.
INSERT INTO entity (id, kind, slug, name) VALUES (1, 'role', 'v1-role', 'Legacy Role');
INSERT INTO alias (key, entityId, alias) VALUES ('v1-role', 1, 'v1-role'), ('legacy-role', 1, 'Legacy Role');
INSERT INTO source (id, slug, type, title, titleKey, issuedYear, doi) VALUES (1, 'v1-source', 'report', 'A legacy report', 'a legacy report', 2019, '10.9999/legacy');
INSERT INTO contributor (sourceId, role, position, literal, nameKey) VALUES (1, 'author', 0, 'Legacy Institute', 'legacy-institute');
INSERT INTO study (id, slug, sourceId, design, n, preregistered) VALUES (1, 'v1-study', 1, 'survey', 120, 'no');
INSERT INTO claim (id, slug, statement, quote, sourceId, studyId, replication, strength, grade)
VALUES (1, 'v1-claim', 'A legacy finding survives the upgrade.', 'the legacy finding', 1, 1, 'unknown', 0.3, 'low');
INSERT INTO claimAbout (entityId, claimId) VALUES (1, 1);
INSERT INTO importRun (startedAt, command, files, added) VALUES ('2026-01-01T00:00:00Z', 'init', '[]', 5);
