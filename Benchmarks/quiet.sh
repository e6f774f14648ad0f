#!/usr/bin/env bash
# Runs a command as if the machine were quiet: in its own scheduling group at the highest priority.
# Usage: setsid Benchmarks/quiet.sh COMMAND...   (as root; setsid gives it a session of its own)
# With autogroup scheduling (Linux's default on desktops and many servers), `nice` ranks processes
# only within their session, so a benchmark at nice -20 still shares the cores evenly with builds
# started from other sessions. Setting the session's autogroup nice as well gives it the cores
# first. Disk I/O and memory bandwidth stay shared.
echo -20 > /proc/self/autogroup 2>/dev/null || echo "quiet.sh: cannot set the autogroup priority (not root, or no autogroup): timing as is" >&2
exec nice -n -20 "$@"
