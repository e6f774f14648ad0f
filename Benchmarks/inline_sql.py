#!/usr/bin/env python3
"""Reads `kb query … --explain` on stdin and prints the SQL kb ran with its bound arguments
written in, for the sqlite3 CLI (Benchmarks/run.sh compares the two on the same database).

With `--with-count`, the count statement follows the ranked one: kb runs it too when the limit
cuts the answer off ("showing the first 20 of 511"). These are the statements that find the
answer; kb also loads the shown claims' details, which Benchmarks/sql-trace.c records (run.sh
times sqlite3 on that whole trace as well)."""
import json
import sys

text = sys.stdin.read().splitlines()


def literal(value):
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if value is None:
        return "NULL"
    return repr(value)


def statement(sql_header, arguments_header):
    start = next(i for i, line in enumerate(text) if line.startswith(sql_header)) + 1
    end = text.index(arguments_header)
    sql = "\n".join(line[2:] for line in text[start:end])
    arguments = json.loads(text[end + 1].strip())
    out, index = [], 0
    in_string = False
    for character in sql:
        if character == "'":
            in_string = not in_string
        if character == "?" and not in_string:
            out.append(literal(arguments[index]))
            index += 1
        else:
            out.append(character)
    assert index == len(arguments), (index, len(arguments))
    return "".join(out) + ";"


print(statement("sql:", "arguments:"))
if "--with-count" in sys.argv[1:]:
    print(statement("count sql", "count arguments:"))
