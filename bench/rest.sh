#!/usr/bin/env bash
# REST API benchmark through a real TCP socket: `gvbot serve` (release) on PostgreSQL with
# Redis, driven by wrk (one connection, keep-alive, sequential requests). Scenarios:
#   signed PING (POST /interactions, no SQL)   GET /api/discord/tasks?limit=50 (200 tasks)
#   POST /api/discord/task (one insert each)   GET /health (one `select 1`)
# Prints wrk's req/s and latency percentiles, and the server's CPU time per request (from
# /proc), so the REST path can be compared with the PING path.
#
# Needs: wrk (apt-get install wrk), python3 with `cryptography`, PostgreSQL and Redis.
# Usage: bench/rest.sh   (env: BENCH_DATABASE_URL, BENCH_REDIS_URL, DURATION=10s)
set -euo pipefail
cd "$(dirname "$0")/.."
SERVER_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
DURATION=${DURATION:-10s}
GUILD=900000000000000001

cargo build --release --locked --bin gvbot >/dev/null
GVBOT=$PWD/target/release/gvbot

db=gvbot_bench_rest_$$
psql "$SERVER_URL" -qc "create database $db"
DB_URL="${SERVER_URL%/*}/$db"
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
key=bench-$$

(cd "$work" && exec env -i PATH="$PATH" API_KEY="$key" GUILD_ID=$GUILD BIND_ADDR="127.0.0.1:$port" \
  DATABASE_URL="$DB_URL" REDIS_URL="$REDIS" LOG_FORMAT=json RUST_LOG=warn \
  API_RATE_LIMIT=1000000,1000000 COMMAND_RATE_LIMIT=1000000/1 \
  "$GVBOT" serve --dev >"$work/serve.log" 2>&1) &
server=$!
cleanup() {
  kill $server 2>/dev/null || true; wait $server 2>/dev/null || true
  psql "$SERVER_URL" -qc "drop database if exists $db with (force)" || true
  rm -rf "$work"
}
trap cleanup EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  python3 -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)" "$base/health" 2>/dev/null && break
  sleep 0.2
done

api() { # method path [json]
  python3 - "$base" "$key" "$@" <<'PY'
import json, sys, urllib.request
base, key, method, path = sys.argv[1:5]
data = sys.argv[5].encode() if len(sys.argv) > 5 else None
req = urllib.request.Request(base + path, data=data, method=method,
    headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
urllib.request.urlopen(req).read()
PY
}

# 200 tasks on one chantier.
api POST /api/discord/chantiers '{"name": "Beautemps", "guild_id": "'$GUILD'"}'
python3 - "$base" "$key" <<'PY'
import json, sys, urllib.request
base, key = sys.argv[1:3]
for n in range(200):
    body = json.dumps({"user_id": 1, "assignee_id": 2 + n % 7, "description": f"Tâche {n}: vérifier le tableau", "chantier": "Beautemps"}).encode()
    req = urllib.request.Request(base + "/api/discord/task", data=body, method="POST",
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
PY

# A signed PING (valid for INTERACTION_MAX_AGE_SECS; PINGs are not deduplicated).
read -r sig ts < <(python3 - "$work/data/dev-key" <<'PY'
import sys, time
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(open(sys.argv[1]).read().strip()))
ts = str(int(time.time()))
print(key.sign(ts.encode() + b'{"type":1}').hex(), ts)
PY
)
cat >"$work/ping.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"type":1}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Signature-Ed25519"] = "$sig"
wrk.headers["X-Signature-Timestamp"] = "$ts"
LUA
cat >"$work/get.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $key"
LUA
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"user_id": 1, "assignee_id": 3, "description": "Poser les prises", "chantier": "Beautemps"}'
LUA

cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks=$(getconf CLK_TCK)
run() { # label script path
  local before after requests
  before=$(cpu)
  wrk -t1 -c1 -d"$DURATION" --latency -s "$2" "$base$3" >"$work/wrk.txt"
  after=$(cpu)
  requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
  python3 - "$1" "$work/wrk.txt" "$before" "$after" "$requests" "$ticks" <<'PY'
import re, sys
label, path, before, after, requests, ticks = sys.argv[1:]
text = open(path).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
cpu_us = (float(after) - float(before)) / float(ticks) / max(int(requests), 1) * 1e6
print(f"{label:<34} req/s={float(rps):>8.0f}  p50={pct.get('50','?'):>8}  p99={pct.get('99','?'):>8}  server cpu/req={cpu_us:>6.0f}µs" + (f"  NON-2xx={errors.group(1)}" if errors else ""))
PY
}
echo "gvbot serve (release), PostgreSQL + Redis, wrk -t1 -c1 -d$DURATION"
run "signed PING"                     "$work/ping.lua" /interactions
run "GET /health (select 1)"          "$work/get.lua"  /health
run "GET /api/discord/tasks?limit=50" "$work/get.lua"  "/api/discord/tasks?limit=50"
run "POST /api/discord/task"          "$work/post.lua" /api/discord/task
