#!/bin/sh
# The command-line figures of BENCHMARKS.md: the real binary on a generated
# centre, timed by hyperfine (median of at least 5 runs) and its peak memory
# (the whole process's maximum resident set) by /usr/bin/time -v, with
# sqlite3 and taskwarrior run side by side as a floor.
#
#     cargo build --release --locked
#     sh benches/measure-cli.sh            # 100,000 cases
#     sh benches/measure-cli.sh 10000      # another size
#
# Needs hyperfine, sqlite3 and /usr/bin/time (apt-get install hyperfine
# sqlite3 time); taskwarrior (`task`) is used when installed.
set -eu
N=${1:-100000}
BIN=${SAGSBORD_BIN:-target/release/sagsbord}
DAY=2026-03-17
YEAR=2025
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/centre.db"
S="$BIN --today $DAY --db $DB"

# Peak RSS and wall time of one run of a command.
peak() {
    label=$1
    shift
    /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt")
    printf '%-28s wall %10s   peak RSS %8d KiB\n' "$label" "$wall" "$rss"
}

echo "== $N cases, seed 1, today $DAY; $(nproc) cores; $("$BIN" --version)"
peak "generate --db" $S generate --cases "$N" --seed 1
peak "generate --out" "$BIN" --today $DAY generate --cases "$N" --seed 1 --out "$WORK/centre.json"
ls -l "$WORK/centre.json" | awk '{printf "%-28s %d bytes\n", "export file", $5}'
ls -l "$DB" | awk '{printf "%-28s %d bytes\n", "database", $5}'
peak "import" "$BIN" --db "$WORK/imported.db" import "$WORK/centre.json"
peak "export" $S export "$WORK/out.json" --force
peak "due" $S due
peak "due --json" $S due --json
peak "report --year $YEAR --json" $S report --year $YEAR --json
peak "sqlite3 count(*)" sqlite3 "$DB" "SELECT count(*) FROM cases"

hyperfine --warmup 1 --runs 5 --style basic --export-markdown "$WORK/times.md" \
    -n "due" "$S due" \
    -n "due --json" "$S due --json" \
    -n "report --year $YEAR --json" "$S report --year $YEAR --json" \
    -n "export" "$S export $WORK/out.json --force" \
    -n "sqlite3: count the open cases" "sqlite3 $DB 'SELECT count(*) FROM cases WHERE closed_on IS NULL'" \
    -n "sqlite3: read every case" "sqlite3 $DB 'SELECT * FROM cases' >/dev/null"
hyperfine --runs 5 --style basic --export-markdown "$WORK/import.md" \
    --prepare "rm -f $WORK/again.db $WORK/again.db-wal $WORK/again.db-shm" \
    -n "import" "$BIN --db $WORK/again.db import $WORK/centre.json"
cat "$WORK/times.md" "$WORK/import.md"

if command -v task >/dev/null; then
    # taskwarrior with as many pending tasks as the centre has open cases
    # (its own format, its own import), listed and counted.
    OPEN=$(sqlite3 "$DB" "SELECT count(*) FROM cases WHERE closed_on IS NULL")
    export TASKRC="$WORK/taskrc" TASKDATA="$WORK/task"
    mkdir -p "$TASKDATA"
    printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$TASKDATA" >"$TASKRC"
    awk -v n="$OPEN" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"description\":\"Sag %d\",\"status\":\"pending\",\"due\":\"20260317T000000Z\"}\n", i }' \
        >"$WORK/tasks.json"
    peak "task import ($OPEN)" task import "$WORK/tasks.json"
    peak "task count" task count
    peak "task next" task next
    hyperfine --warmup 1 --runs 5 --style basic -n "task count ($OPEN pending)" "task count" \
        -n "task next ($OPEN pending)" "task next"
fi
