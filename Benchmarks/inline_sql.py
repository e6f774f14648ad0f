#!/usr/bin/env python3
"""Reads `kb query … --explain` on stdin and prints the SQL kb ran with its bound arguments
written in, for the sqlite3 CLI (Benchmarks/run.sh compares the two on the same database)."""
import json
import sys

text = sys.stdin.read().splitlines()
start, end = text.index("sql:") + 1, text.index("arguments:")
sql = "\n".join(line[2:] for line in text[start:end])
arguments = json.loads(text[end + 1].strip())


def literal(value):
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if value is None:
        return "NULL"
    return repr(value)


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
print("".join(out) + ";")
