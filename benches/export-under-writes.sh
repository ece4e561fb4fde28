#!/usr/bin/env bash
# Exports and kills under a colleague's writes, measured on a binary:
#
#     benches/export-under-writes.sh BINARY [CASES] [RUNS] [WRITES_PER_SECOND]
#
# Builds a generated centre of CASES invented cases (default 1500) in a
# temporary folder, starts a writer that registers a contact (citizen, case
# and first event in one transaction) WRITES_PER_SECOND times a second
# (default 1) through the sqlite3 shell, then
#   1. runs RUNS exports (default 30) to new files and counts those that an
#      empty database refuses to import ("torn"), and
#   2. exports RUNS times over a good export and kills each the moment the
#      file changes (the worst moment for an export that writes in place)
#      or at a random moment between half and one and a half times its
#      run, whichever comes first, counting the runs after which the file
#      is no longer a whole export.
# A binary that has `export --force` is given it for step 2; one that has
# not overwrites in place anyway. Needs sqlite3 and python3.
set -euo pipefail
bin=$(realpath "$1"); cases=${2:-1500}; runs=${3:-30}; rate=${4:-1}
here=$(dirname "$(realpath "$0")")
checker=$(realpath "${CHECKER:-$here/../target/debug/sagsbord}")
work=$(mktemp -d); trap 'kill $writer 2>/dev/null || true; rm -rf "$work"' EXIT
chmod 700 "$work"; cd "$work"

python3 - "$cases" > centre.json <<'PY'
import json, sys, datetime
n = int(sys.argv[1]); start = datetime.date(2025, 1, 1)
f = {"format": "sagsbord", "version": 1,
     "centre": {"name": "Målecenter", "municipality": "Favrskov", "profile": "national"},
     "citizens": [], "cases": [], "case_events": []}
for i in range(1, n + 1):
    day = (start + datetime.timedelta(days=i % 400)).isoformat()
    f["citizens"].append({"id": i, "name": f"Borger {i}", "home_municipality": "Favrskov"})
    f["cases"].append({"id": i, "citizen_id": i, "kind": "relative", "channel": "phone",
                       "contact_at": day + "T10:00:00", "counsellor": "anna", "children": "no_children",
                       "note": "Opfundet."})
    f["case_events"].append({"id": i, "case_id": i, "kind": "registered", "on": day, "actor": "anna",
                             "recorded_at": day + "T10:05:00Z"})
json.dump(f, sys.stdout)
PY
"$checker" --db centre.db import centre.json > /dev/null

(while true; do
    sqlite3 -cmd ".timeout 5000" centre.db "BEGIN IMMEDIATE;
      INSERT INTO citizens (name, home_municipality) VALUES ('Ny borger', 'Favrskov');
      INSERT INTO cases (citizen_id, kind, channel, contact_at, counsellor, children, note)
        VALUES (last_insert_rowid(), 'relative', 'phone', '2026-03-10T10:00:00', 'bo', 'no_children', '');
      INSERT INTO case_events (case_id, kind, on_date, actor, recorded_at)
        VALUES (last_insert_rowid(), 'registered', '2026-03-10', 'bo', '2026-03-10T10:00:00Z');
      COMMIT;" > /dev/null
    sleep "$(python3 -c "print(1 / $rate)")"
done) & writer=$!

importable() { rm -f check.db; "$checker" --db check.db import "$1" > /dev/null 2>&1; }

torn=0; start=$(date +%s%N)
for i in $(seq 1 "$runs"); do
    "$bin" --db centre.db export "e$i.json" > /dev/null
    importable "e$i.json" || torn=$((torn + 1))
done
ms=$(( ($(date +%s%N) - start) / 1000000 / runs ))
echo "exports: $torn of $runs torn (an export and its check take about $ms ms)"

force=(); "$bin" export --help 2>&1 | grep -q -- --force && force=(--force)
rm -f good.json; "$bin" --db centre.db export good.json > /dev/null
python3 - "$bin" "$checker" "$runs" "${force[@]}" <<'PY'
import os, random, subprocess, sys, time
binary, checker, runs, force = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
export = [binary, "--db", "centre.db", "export", *force, "good.json"]
def whole():
    if os.path.exists("check.db"):
        os.remove("check.db")
    return subprocess.run([checker, "--db", "check.db", "import", "good.json"], capture_output=True).returncode == 0
def look():
    try:
        st = os.stat("good.json")
        return (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        return None
start = time.monotonic(); subprocess.run(export, capture_output=True); took = time.monotonic() - start
destroyed = 0
for i in range(runs):
    # Killed the moment the file changes (an export writing in place has
    # begun), or at a random moment of its run, whichever comes first.
    deadline = time.monotonic() + random.uniform(0.5 * took, 1.5 * took)
    before = look()
    child = subprocess.Popen(export, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while child.poll() is None and time.monotonic() < deadline and look() == before:
        pass
    child.kill(); child.wait()
    if not whole():
        destroyed += 1
        subprocess.run(export, capture_output=True)
print(f"kills: {destroyed} of {runs} left a broken export (an export takes about {took * 1000:.0f} ms)")
PY
