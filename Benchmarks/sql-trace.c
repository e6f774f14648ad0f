/* Every SQL statement a process starts through libsqlite3, with its bound values written in: the
 * replay Benchmarks/run.sh gives sqlite3 beside "the same SQL" of `kb query --explain`
 * (BENCHMARKS.md, "The whole statement trace"). Measurement only: kb is not changed, and this is
 * never part of a test or a release.
 *
 * Built as a preload library (cc -O2 -shared -fPIC -o sql-trace.so sql-trace.c -ldl -lpthread
 * -lsqlite3) and loaded with LD_PRELOAD=… KB_SQL_TRACE=FILE. Each connection opened with
 * sqlite3_open or sqlite3_open_v2 gets a SQLITE_TRACE_STMT callback that appends
 * sqlite3_expanded_sql of each statement the program itself starts (by sqlite3_step or
 * sqlite3_exec) to its lane's file, followed by a line holding only ";". Left out: what SQLite runs
 * on its own behalf inside one of them (FTS5's reads of its configuration and shadow tables while a
 * statement is prepared or stepped, statements inside triggers), which the sqlite3 CLI makes too
 * when it runs the statement.
 *
 * The filter relies on libsqlite3 calling sqlite3_prepare_v2/v3, sqlite3_step and sqlite3_exec
 * through its PLT when FTS5 runs its own statements (Debian's does), so that they reach the
 * wrappers below nested in the program's call. A libsqlite3 that binds those calls inside itself
 * would let FTS5's statements run under sqlite3_exec through.
 *
 * Anything that would make the trace incomplete (a lane file that cannot be opened, more
 * connections open at once than there are lanes, sqlite3_open16) aborts the process: the runner
 * then finds kb's answer missing and stops, rather than timing a partial replay. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void give_up(const char *why) {
    fprintf(stderr, "sql-trace: %s: the trace would be incomplete\n", why);
    abort();
}

/* Connections that are open at the same time (kb counts a query's total on a second connection
 * beside the ranked statement) write to separate files, lanes: a connection takes the lowest lane
 * no open connection holds, so connections one after another share a file in their order. Lane 0
 * is KB_SQL_TRACE itself, lane k is KB_SQL_TRACE.k; sqlite3 replays the lanes side by side. The
 * files are opened for appending (the runner removes them before a run), so a child process that
 * inherits the preload cannot truncate its parent's lanes. */
enum { lanes = 8 };
static sqlite3 *lane_holder[lanes];
static FILE *lane_file[lanes];
static pthread_mutex_t lane_lock = PTHREAD_MUTEX_INITIALIZER;

static void take_lane(sqlite3 *db) {
    const char *path = getenv("KB_SQL_TRACE");
    if (path == NULL) return;
    pthread_mutex_lock(&lane_lock);
    int lane = 0;
    while (lane < lanes && lane_holder[lane] != NULL) lane++;
    if (lane == lanes) give_up("more connections open at once than lanes");
    lane_holder[lane] = db;
    if (lane_file[lane] == NULL) {
        char name[4096];
        if (lane == 0) snprintf(name, sizeof name, "%s", path);
        else snprintf(name, sizeof name, "%s.%d", path, lane);
        lane_file[lane] = fopen(name, "a");
        if (lane_file[lane] == NULL) give_up("cannot open a lane's file");
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
typedef int (*exec_function)(sqlite3 *, const char *, int (*)(void *, int, char **, char **), void *, char **);
typedef int (*open_v2_function)(const char *, sqlite3 **, int, const char *);
typedef int (*open_function)(const char *, sqlite3 **);
typedef int (*close_function)(sqlite3 *);
typedef int (*step_function)(sqlite3_stmt *);

/* `real`: the function of libsqlite3 a wrapper below stands in front of, looked up once. */
#define REAL(type, name) \
    static type real;    \
    if (real == NULL) real = (type)dlsym(RTLD_NEXT, name)

int sqlite3_prepare_v3(sqlite3 *db, const char *sql, int bytes, unsigned flags, sqlite3_stmt **statement, const char **tail) {
    REAL(prepare_function, "sqlite3_prepare_v3");
    prepare_depth++;
    int result = real(db, sql, bytes, flags, statement, tail);
    prepare_depth--;
    return result;
}

int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int bytes, sqlite3_stmt **statement, const char **tail) {
    REAL(prepare_v2_function, "sqlite3_prepare_v2");
    prepare_depth++;
    int result = real(db, sql, bytes, statement, tail);
    prepare_depth--;
    return result;
}

int sqlite3_step(sqlite3_stmt *statement) {
    REAL(step_function, "sqlite3_step");
    sqlite3_stmt *outer = stepped;
    if (step_depth == 0) stepped = statement;
    step_depth++;
    int result = real(statement);
    step_depth--;
    stepped = outer;
    return result;
}

int sqlite3_exec(sqlite3 *db, const char *sql, int (*callback)(void *, int, char **, char **), void *argument, char **error) {
    REAL(exec_function, "sqlite3_exec");
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

/* `text` is the statement's unexpanded SQL, or "-- …" for a statement inside a trigger. */
static int on_statement(unsigned kind, void *context, void *statement, void *text) {
    (void)context;
    if (kind != SQLITE_TRACE_STMT || !started_by_the_program((sqlite3_stmt *)statement)) return 0;
    if (text != NULL && strncmp((const char *)text, "--", 2) == 0) return 0;
    FILE *file = file_of(sqlite3_db_handle((sqlite3_stmt *)statement));
    if (file == NULL) return 0;
    char *sql = sqlite3_expanded_sql((sqlite3_stmt *)statement);
    if (sql == NULL) give_up("sqlite3_expanded_sql gave nothing");
    size_t length = strlen(sql);
    while (length > 0 && (sql[length - 1] == ';' || sql[length - 1] == ' ' || sql[length - 1] == '\n')) length--;
    /* The ";" on a line of its own: a statement may end in a "-- comment". */
    fprintf(file, "%.*s\n;\n", (int)length, sql);
    fflush(file);
    sqlite3_free(sql);
    return 0;
}

static void traced(int result, sqlite3 *db) {
    if (result == SQLITE_OK && db != NULL) {
        take_lane(db);
        sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_statement, NULL);
    }
}

int sqlite3_open_v2(const char *name, sqlite3 **db, int flags, const char *vfs) {
    REAL(open_v2_function, "sqlite3_open_v2");
    int result = real(name, db, flags, vfs);
    traced(result, *db);
    return result;
}

int sqlite3_open(const char *name, sqlite3 **db) {
    REAL(open_function, "sqlite3_open");
    int result = real(name, db);
    traced(result, *db);
    return result;
}

int sqlite3_open16(const void *name, sqlite3 **db) {
    (void)name;
    (void)db;
    give_up("sqlite3_open16 is not traced");
    return SQLITE_ERROR;
}

/* A lane is given up only when its connection is closed (sqlite3_close may refuse: SQLITE_BUSY). */
static int closed(close_function real, sqlite3 *db) {
    int result = real(db);
    if (result == SQLITE_OK) leave_lane(db);
    return result;
}

int sqlite3_close(sqlite3 *db) {
    REAL(close_function, "sqlite3_close");
    return closed(real, db);
}

int sqlite3_close_v2(sqlite3 *db) {
    REAL(close_function, "sqlite3_close_v2");
    return closed(real, db);
}
