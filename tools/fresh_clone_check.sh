#!/usr/bin/env bash
# The test of the tests: does a fresh clone stand on its own?
#
#   tools/fresh_clone_check.sh [CHECKOUT_JUNIT.xml]
#
# Clones the repository's committed HEAD into an empty temporary folder (nothing beside it:
# no shared/, no dev set), then, in the clone:
#   1. runs the suite (ruff, pytest) with this checkout's venv, and compares it with the
#      checkout's run (CHECKOUT_JUNIT.xml from `make test PYTEST_ARGS=--junitxml=...`, or a
#      run made here): as many passed and skipped, nothing failed, no skip for missing data;
#   2. runs `make run` (without install: the venv is this checkout's) on a free port and
#      checks that the front page answers within RUN_LIMIT seconds (default 60) and that
#      the graph has at least 100 actors.
# Exit status non-zero on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PY="$VENV/bin/python"
RUN_LIMIT=${RUN_LIMIT:-60}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kg-fresh-clone.XXXXXX")
RUN_PGID=""
cleanup() {
  if [ -n "$RUN_PGID" ]; then kill -- "-$RUN_PGID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

git clone --quiet --no-hardlinks "$ROOT" "$WORK/kg"
CLONE="$WORK/kg"
test ! -e "$WORK/shared"  # nothing beside the clone
echo "fresh clone: $(git -C "$CLONE" log -1 --format='%h %s' | cut -c1-72) in $CLONE"

# ---- 1. the suite, in the clone (PYTHONPATH: the clone's code, not the checkout's)
checkout_junit=${1:-}
if [ -z "$checkout_junit" ]; then
  checkout_junit="$WORK/checkout.xml"
  (cd "$ROOT" && "$PY" -m pytest -n 2 -q -p no:cacheprovider --junitxml="$checkout_junit" \
     > "$WORK/checkout.log" 2>&1) || { tail -30 "$WORK/checkout.log"; exit 1; }
fi
start=$(date +%s)
(cd "$CLONE" && "$VENV/bin/ruff" check --no-cache . \
  && PYTHONPATH="$CLONE" "$PY" -m pytest -n 2 -q -rs -p no:cacheprovider \
       --junitxml="$WORK/clone.xml" > "$WORK/clone.log" 2>&1) \
  || { tail -40 "$WORK/clone.log"; echo "fresh clone check: the suite failed in the clone" >&2; exit 1; }
echo "fresh clone: suite $(( $(date +%s) - start )) s: $(tail -1 "$WORK/clone.log")"
"$PY" "$ROOT/tools/junit_compare.py" "$checkout_junit" "$WORK/clone.xml"

# ---- 2. `make run`, in the clone: answers within RUN_LIMIT s, >= 100 actors in the graph
PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(date +%s)
PYTHONPATH="$CLONE" setsid make -C "$CLONE" -o install run VENV="$VENV" STORE="$WORK/store" PORT="$PORT" \
  > "$WORK/run.log" 2>&1 &
RUN_PGID=$!
get() {  # GET a URL on the clone's server, body to stdout; fails on no answer or non-200
  "$PY" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())' "$1" 2>/dev/null
}
until get "http://127.0.0.1:$PORT/" > /dev/null; do
  if (( $(date +%s) - start > RUN_LIMIT )); then
    tail -20 "$WORK/run.log"; echo "fresh clone check: make run did not answer in ${RUN_LIMIT} s" >&2
    exit 1
  fi
  sleep 1
done
elapsed=$(( $(date +%s) - start ))
actors=$(get "http://127.0.0.1:$PORT/metrics?limit=1" \
  | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["summary"]["actors"])')
echo "fresh clone: make run answered in ${elapsed} s; graph of ${actors} actors"
if (( actors < 100 )); then
  echo "fresh clone check: the example graph has ${actors} actors (< 100)" >&2
  exit 1
fi
