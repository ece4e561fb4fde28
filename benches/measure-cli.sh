#!/bin/sh
# The command-line figures of BENCHMARKS.md: the real binary on a generated
# centre, timed by hyperfine (at least 10 runs after 2 warm-ups) and its
# peak memory (the whole process's maximum resident set) by
# /usr/bin/time -v, side by side with taskwarrior 2.6 and the bare sqlite3
# CLI on the same items.
#
#     cargo build --release --locked
#     sh benches/measure-cli.sh            # 100,000 cases, generated here
#     sh benches/measure-cli.sh 10000      # another size
#     SAGSBORD_BENCH_DB=centre.db sh benches/measure-cli.sh   # an existing centre (copied)
#     SAGSBORD_BIN=/path/to/sagsbord sh benches/measure-cli.sh  # another binary
#
# The comparison: `sagsbord due` against taskwarrior's `task overdue` with
# one pending, overdue task for each item `due` lists (its case, kind,
# counsellor and date, imported with one `task import`), and against
# sqlite3 running the best single indexed query for the same items:
# benches/due-deadlines.sql when the centre keeps a `deadlines` table,
# else benches/due-candidates.sql. Prints markdown tables.
#
# Needs hyperfine, sqlite3, GNU time and taskwarrior
# (apt-get install hyperfine sqlite3 time taskwarrior).
set -eu
N=${1:-100000}
BIN=${SAGSBORD_BIN:-target/release/sagsbord}
RUNS=${SAGSBORD_BENCH_RUNS:-10}
DAY=2026-03-17
YEAR=2025
HERE=$(dirname "$0")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DB="$WORK/centre.db"
S="$BIN --today $DAY --db $DB"

# One row of the peak table: the wall time and peak RSS of one run.
peak() {
    label=$1
    shift
    /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.txt" || { cat "$WORK/time.txt"; exit 1; }
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$WORK/time.txt")
    printf '| %s | %s | %s s | %s MiB |\n' "$label" "$wall" "$cpu" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')"
}

echo "# ${SAGSBORD_BENCH_DB:-$N cases, seed 1}, today $DAY; $(nproc) cores; $("$BIN" --version); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| one run | wall | CPU (user + sys) | peak RSS |"
echo "|---|---:|---:|---:|"
if [ -n "${SAGSBORD_BENCH_DB:-}" ]; then
    cp "$SAGSBORD_BENCH_DB" "$DB"
    [ ! -e "$SAGSBORD_BENCH_DB-wal" ] || cp "$SAGSBORD_BENCH_DB-wal" "$DB-wal"
    # A newer binary migrates the copy on its first use: not timed.
    $S due >/dev/null
else
    peak "generate --db" $S generate --cases "$N" --seed 1
    peak "generate --out" "$BIN" --today $DAY generate --cases "$N" --seed 1 --out "$WORK/centre.json"
    peak "import" "$BIN" --db "$WORK/imported.db" import "$WORK/centre.json"
fi
peak "export" $S export "$WORK/out.json" --force
peak "report --year $YEAR --json" $S report --year $YEAR --json
peak "due" $S due

# The items `due` lists, as taskwarrior tasks, all pending and overdue
# (due on or before $DAY, which is in the past).
$S due --json >"$WORK/due.json"
ITEMS=$(sqlite3 :memory: "SELECT count(*) FROM json_each(readfile('$WORK/due.json'))")
sqlite3 :memory: "SELECT json_group_array(json_object(
        'description', 'Sag ' || (value ->> 'case') || ' ' || (value ->> 'kind'),
        'project', value ->> 'counsellor',
        'status', 'pending',
        'entry', '20260101T000000Z',
        'due', replace(value ->> 'due', '-', '') || 'T000000Z'))
    FROM json_each(readfile('$WORK/due.json'))" >"$WORK/tasks.json"
export TASKRC="$WORK/taskrc" TASKDATA="$WORK/task"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\n' "$TASKDATA" >"$TASKRC"
peak "task import ($ITEMS tasks)" task import "$WORK/tasks.json"
OVERDUE=$(task +OVERDUE count)
[ "$OVERDUE" -eq "$ITEMS" ] || { echo "taskwarrior holds $OVERDUE overdue tasks, not $ITEMS" >&2; exit 1; }
peak "task overdue" task overdue

# The sqlite3 query for the same items.
if sqlite3 "$DB" .tables | tr -s ' ' '\n' | grep -qx deadlines; then
    QUERY=due-deadlines.sql
else
    QUERY=due-candidates.sql
fi
sed "s/:today/'$DAY'/g" "$HERE/$QUERY" >"$WORK/due.sql"
ROWS=$(sqlite3 "$DB" <"$WORK/due.sql" | wc -l)
peak "sqlite3 $QUERY ($ROWS rows)" sqlite3 "$DB" ".read $WORK/due.sql"
echo "Query plan of $QUERY:"
sqlite3 "$DB" "EXPLAIN QUERY PLAN $(grep -v '^--' "$WORK/due.sql")" | sed 's/^/    /'

hyperfine --shell=none --warmup 2 --runs "$RUNS" --style none --export-json "$WORK/due-times.json" \
    -n "sagsbord due ($ITEMS items)" "$S due" \
    -n "task overdue ($ITEMS overdue tasks)" "task overdue" \
    -n "sqlite3 $QUERY ($ROWS rows)" "sqlite3 $DB '.read $WORK/due.sql'" \
    -n "report --year $YEAR --json" "$S report --year $YEAR --json" >/dev/null
echo
echo "| hyperfine, $RUNS runs after 2 warm-ups | median | mean ± σ | min | max | user + sys (mean) |"
echo "|---|---:|---:|---:|---:|---:|"
sqlite3 :memory: "SELECT printf('| %s | %.1f ms | %.1f ± %.1f ms | %.1f ms | %.1f ms | %.1f ms |',
        value ->> 'command', (value ->> 'median') * 1000, (value ->> 'mean') * 1000,
        (value ->> 'stddev') * 1000, (value ->> 'min') * 1000, (value ->> 'max') * 1000,
        ((value ->> 'user') + (value ->> 'system')) * 1000)
    FROM json_each(readfile('$WORK/due-times.json'), '\$.results')"
sqlite3 :memory: "SELECT printf('The median time of sagsbord due is %.2fx that of task overdue and %.2fx that of sqlite3.',
        d.m / t.m, d.m / q.m)
    FROM (SELECT value ->> 'median' AS m FROM json_each(readfile('$WORK/due-times.json'), '\$.results') WHERE key = 0) d,
         (SELECT value ->> 'median' AS m FROM json_each(readfile('$WORK/due-times.json'), '\$.results') WHERE key = 1) t,
         (SELECT value ->> 'median' AS m FROM json_each(readfile('$WORK/due-times.json'), '\$.results') WHERE key = 2) q"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
