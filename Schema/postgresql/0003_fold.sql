-- kb schema for PostgreSQL, migration 3: kb_fold, SQLite's kb_fold function (Slug.fold in kb):
-- accents dropped, lower case, every run of other characters one dash, none at either end.
-- `Older Workers`, `older_workers` and `OLDER-workers` all fold to `older-workers`. The query
-- compiler compares folded names and free-text fields (a study's country) with it.
-- unaccent and lower follow the database's ctype for letters outside ASCII, where Swift's
-- folding follows Unicode: the two agree for the Latin scripts kb's data is written in.

CREATE FUNCTION kb_fold(value TEXT) RETURNS TEXT LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT trim(BOTH '-' FROM regexp_replace(lower(unaccent(value)), '[^[:alnum:]]+', '-', 'g'))
$$;

INSERT INTO kbSchemaMigration (identifier) VALUES ('0003_fold');
