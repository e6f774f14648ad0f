-- Whether the floor stored what kb stored (Benchmarks/run.sh runs it after the timed imports,
-- with kb's KB as main and the floor's attached as `floor`): for each table, the rows one has
-- and the other has not, compared column by column (ids included: both insert in file order).
-- Every count must be 0. The full-text indexes are compared by their stored rows and the
-- token count of each row.
SELECT 'source', (SELECT count(*) FROM (SELECT * FROM main.source EXCEPT SELECT * FROM floor.source))
               + (SELECT count(*) FROM (SELECT * FROM floor.source EXCEPT SELECT * FROM main.source));
SELECT 'contributor', (SELECT count(*) FROM (SELECT * FROM main.contributor EXCEPT SELECT * FROM floor.contributor))
                    + (SELECT count(*) FROM (SELECT * FROM floor.contributor EXCEPT SELECT * FROM main.contributor));
SELECT 'sourceKey', (SELECT count(*) FROM (SELECT * FROM main.sourceKey EXCEPT SELECT * FROM floor.sourceKey))
                  + (SELECT count(*) FROM (SELECT * FROM floor.sourceKey EXCEPT SELECT * FROM main.sourceKey));
SELECT 'study', (SELECT count(*) FROM (SELECT * FROM main.study EXCEPT SELECT * FROM floor.study))
              + (SELECT count(*) FROM (SELECT * FROM floor.study EXCEPT SELECT * FROM main.study));
SELECT 'claim', (SELECT count(*) FROM (SELECT * FROM main.claim EXCEPT SELECT * FROM floor.claim))
              + (SELECT count(*) FROM (SELECT * FROM floor.claim EXCEPT SELECT * FROM main.claim));
SELECT 'claimAbout', (SELECT count(*) FROM (SELECT * FROM main.claimAbout EXCEPT SELECT * FROM floor.claimAbout))
                   + (SELECT count(*) FROM (SELECT * FROM floor.claimAbout EXCEPT SELECT * FROM main.claimAbout));
SELECT 'claimSearch', (SELECT count(*) FROM (SELECT * FROM main.claimSearch_content EXCEPT SELECT * FROM floor.claimSearch_content))
                    + (SELECT count(*) FROM (SELECT * FROM floor.claimSearch_content EXCEPT SELECT * FROM main.claimSearch_content))
                    + (SELECT count(*) FROM (SELECT * FROM main.claimSearch_docsize EXCEPT SELECT * FROM floor.claimSearch_docsize))
                    + (SELECT count(*) FROM (SELECT * FROM floor.claimSearch_docsize EXCEPT SELECT * FROM main.claimSearch_docsize));
SELECT 'sourceSearch', (SELECT count(*) FROM (SELECT * FROM main.sourceSearch_docsize EXCEPT SELECT * FROM floor.sourceSearch_docsize))
                     + (SELECT count(*) FROM (SELECT * FROM floor.sourceSearch_docsize EXCEPT SELECT * FROM main.sourceSearch_docsize));
SELECT 'indexes', (SELECT count(*) FROM (SELECT name, sql FROM main.sqlite_master WHERE type = 'index' EXCEPT SELECT name, sql FROM floor.sqlite_master WHERE type = 'index'))
                + (SELECT count(*) FROM (SELECT name, sql FROM floor.sqlite_master WHERE type = 'index' EXCEPT SELECT name, sql FROM main.sqlite_master WHERE type = 'index'));
-- The import's change-log rows (time, author and batch name aside: the floor writes its own).
SELECT 'changes', (SELECT count(*) FROM (SELECT action, recordKind, recordId, fields, version, before, after FROM main.changes WHERE recordKind IN ('source', 'study', 'claim')
                                         EXCEPT SELECT action, recordKind, recordId, fields, version, before, after FROM floor.changes WHERE recordKind IN ('source', 'study', 'claim')))
                + (SELECT count(*) FROM (SELECT action, recordKind, recordId, fields, version, before, after FROM floor.changes WHERE recordKind IN ('source', 'study', 'claim')
                                         EXCEPT SELECT action, recordKind, recordId, fields, version, before, after FROM main.changes WHERE recordKind IN ('source', 'study', 'claim')))
                + abs((SELECT count(*) FROM main.changes WHERE recordKind IN ('source', 'study', 'claim')) - (SELECT count(*) FROM floor.changes WHERE recordKind IN ('source', 'study', 'claim')));
