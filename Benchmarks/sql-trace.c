/* Every SQL statement a process runs through libsqlite3, with its bound values written in: the
 * benchmark's "the same SQL through sqlite3" when that is to be every statement kb runs, not only
 * the ranked one (Benchmarks/whole-trace.sh; BENCHMARKS.md, "The whole statement trace").
 *
 * Built as a preload library (cc -shared -fPIC -o sql-trace.so sql-trace.c -ldl -lpthread -lsqlite3) and
 * loaded with LD_PRELOAD=… KB_SQL_TRACE=FILE: each connection opened with sqlite3_open_v2 gets a
 * SQLITE_TRACE_STMT callback that appends, to its lane's file (below), sqlite3_expanded_sql of each
 * statement the program
 * itself starts (by sqlite3_step or sqlite3_exec). Left out: what SQLite runs on its own behalf
 * inside one of them (FTS5's reads of its shadow tables, statements inside triggers), which the
 * sqlite3 CLI runs too when it runs the statement. kb itself is not changed; measurement only,
 * never in a test or a release. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Connections that are open at the same time (kb counts a query's total on a second connection
 * beside the ranked statement) write to separate files, lanes: a connection takes the lowest lane
 * no open connection holds, so connections one after another share a file in their order. Lane 0
 * is KB_SQL_TRACE itself, lane k is KB_SQL_TRACE.k; sqlite3 runs the lanes side by side. */
enum { lanes = 8 };
static sqlite3 *lane_holder[lanes];
static FILE *lane_file[lanes];
static pthread_mutex_t lane_lock = PTHREAD_MUTEX_INITIALIZER;

static void take_lane(sqlite3 *db) {
    const char *path = getenv("KB_SQL_TRACE");
    if (path == NULL) return;
    pthread_mutex_lock(&lane_lock);
    for (int lane = 0; lane < lanes; lane++) {
        if (lane_holder[lane] != NULL) continue;
        lane_holder[lane] = db;
        if (lane_file[lane] == NULL) {
            char name[4096];
            if (lane == 0) snprintf(name, sizeof name, "%s", path);
            else snprintf(name, sizeof name, "%s.%d", path, lane);
            lane_file[lane] = fopen(name, "w");
        }
        break;
    }
    pthread_mutex_unlock(&lane_lock);
}

static void leave_lane(sqlite3 *db) {
    pthread_mutex_lock(&lane_lock);
    for (int lane = 0; lane < lanes; lane++) if (lane_holder[lane] == db) lane_holder[lane] = NULL;
    pthread_mutex_unlock(&lane_lock);
}

static FILE *file_of(sqlite3 *db) {
    FILE *file = NULL;
    pthread_mutex_lock(&lane_lock);
    for (int lane = 0; lane < lanes; lane++) if (lane_holder[lane] == db) file = lane_file[lane];
    pthread_mutex_unlock(&lane_lock);
    return file;
}

/* The statement the program is stepping (depth 1), whether sqlite3_exec is running, and whether
 * a statement is being prepared (FTS5 reads its configuration then, through sqlite3_step). */
static __thread sqlite3_stmt *stepped;
static __thread int step_depth;
static __thread int exec_depth;
static __thread int prepare_depth;

typedef int (*prepare_function)(sqlite3 *, const char *, int, unsigned, sqlite3_stmt **, const char **);
typedef int (*prepare_v2_function)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);

int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned flags, sqlite3_stmt **statement, const char **tail) {
    static prepare_function real;
    if (real == NULL) real = (prepare_function)dlsym(RTLD_NEXT, "sqlite3_prepare_v3");
    prepare_depth++;
    int result = real(db, sql, bytes, flags, statement, tail);
    prepare_depth--;
    return result;
}

int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **statement, const char **tail) {
    static prepare_v2_function real;
    if (real == NULL) real = (prepare_v2_function)dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
    prepare_depth++;
    int result = real(db, sql, bytes, statement, tail);
    prepare_depth--;
    return result;
}

int sqlite3_step(sqlite3_stmt *statement) {
    static int (*real)(sqlite3_stmt *);
    if (real == NULL) real = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");
    sqlite3_stmt *outer = stepped;
    if (step_depth == 0) stepped = statement;
    step_depth++;
    int result = real(statement);
    step_depth--;
    stepped = outer;
    return result;
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *argument, char **error) {
    static int (*real)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
    if (real == NULL) real = (int (*)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **))dlsym(RTLD_NEXT, "sqlite3_exec");
    exec_depth++;
    int result = real(db, sql, callback, argument, error);
    exec_depth--;
    return result;
}

static int started_by_the_program(sqlite3_stmt *statement) {
    if (prepare_depth > 0) return 0;
    if (step_depth == 1) return statement == stepped;
    return step_depth == 0 && exec_depth > 0;
}

static int on_statement(unsigned kind, void *context, void *statement, void *text) {
    (void)context;
    (void)text;
    if (kind != SQLITE_TRACE_STMT || !started_by_the_program((sqlite3_stmt *)statement)) return 0;
    FILE *file = file_of(sqlite3_db_handle((sqlite3_stmt *)statement));
    if (file == NULL) return 0;
    char *sql = sqlite3_expanded_sql((sqlite3_stmt *)statement);
    if (sql != NULL && strncmp(sql, "--", 2) != 0) {
        size_t length = strlen(sql);
        while (length > 0 && (sql[length - 1] == ';' || sql[length - 1] == ' ' || sql[length - 1] == '\n')) length--;
        fprintf(file, "%.*s;\n", (int)length, sql);
        fflush(file);
    }
    sqlite3_free(sql);
    return 0;
}

int sqlite3_open_v2(const char *name, sqlite3 **db, int flags, const char *vfs) {
    int (*real)(const char *, sqlite3 **, int, const char *) =
        (int (*)(const char *, sqlite3 **, int, const char *))dlsym(RTLD_NEXT, "sqlite3_open_v2");
    int result = real(name, db, flags, vfs);
    if (result == SQLITE_OK && *db != NULL) {
        take_lane(*db);
        sqlite3_trace_v2(*db, SQLITE_TRACE_STMT, on_statement, NULL);
    }
    return result;
}

int sqlite3_close(sqlite3 *db) {
    int (*real)(sqlite3 *) = (int (*)(sqlite3 *))dlsym(RTLD_NEXT, "sqlite3_close");
    leave_lane(db);
    return real(db);
}

int sqlite3_close_v2(sqlite3 *db) {
    int (*real)(sqlite3 *) = (int (*)(sqlite3 *))dlsym(RTLD_NEXT, "sqlite3_close_v2");
    leave_lane(db);
    return real(db);
}
