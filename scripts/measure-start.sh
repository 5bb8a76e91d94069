#!/usr/bin/env bash
# Measures `npm start` as a user meets it: seconds from the command to a served console (GET / answers 200),
# then, after a login and a few idle seconds, the resident memory of every process `npm start` runs.
# Run from the checkout to measure; it uses its own ports and data folder so it does not disturb a running server:
#   CC_PORT (3911), CC_SIP_PORT (15060), CC_RTP_PORT_MIN/MAX (41000/41199), CC_DATA_DIR (a temporary folder).
# Prints: start_seconds=… rss_mb_total=… and one line per process. Exits 1 if the console is not served in 300 s.
set -euo pipefail
export CC_PORT=${CC_PORT:-3911}
export CC_SIP_PORT=${CC_SIP_PORT:-15060}
export CC_RTP_PORT_MIN=${CC_RTP_PORT_MIN:-41000}
export CC_RTP_PORT_MAX=${CC_RTP_PORT_MAX:-41199}
export CC_DATA_DIR=${CC_DATA_DIR:-$(mktemp -d /tmp/hujiao-measure.XXXXXX)}
export CC_ADMIN_PASSWORD=${CC_ADMIN_PASSWORD:-measure-start-1}
export CC_LOG_LEVEL=${CC_LOG_LEVEL:-warn}
idle_seconds=${IDLE_SECONDS:-15}
url="http://127.0.0.1:${CC_PORT}"

log=$(mktemp /tmp/hujiao-measure-log.XXXXXX)
start=$(date +%s.%N)
setsid npm start >"$log" 2>&1 &
pid=$!
cleanup() { kill -TERM -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

served=""
for _ in $(seq 1 3000); do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/" || true)" = "200" ]; then served=1; break; fi
  sleep 0.1
done
end=$(date +%s.%N)
if [ -z "$served" ]; then
  echo "console not served; log:" >&2
  tail -40 "$log" >&2
  exit 1
fi
echo "start_seconds=$(echo "$end - $start" | bc)"

# A login, as a user would do first (the account is created at the first start with CC_ADMIN_PASSWORD).
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
  -d "{\"mode\":\"account\",\"account\":\"admin\",\"password\":\"${CC_ADMIN_PASSWORD}\"}" "$url/api/auth/login" || true)
echo "login_status=$code"
sleep "$idle_seconds"

descendants() {
  echo "$1"
  for c in $(ps -o pid= --ppid "$1"); do descendants "$c"; done
}
total=0
for p in $(descendants "$pid"); do
  rss=$(ps -o rss= -p "$p" 2>/dev/null || true)
  [ -n "$rss" ] || continue
  total=$((total + rss))
  echo "  $((rss / 1024)) MB  $(ps -o args= -p "$p" | cut -c1-100)"
done
echo "rss_mb_total=$((total / 1024))"
