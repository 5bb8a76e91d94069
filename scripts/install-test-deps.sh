#!/usr/bin/env bash
# Installs, as root, the Debian packages the test tiers use, and makes sure PostgreSQL is running with a test
# role. Skips apt entirely when everything is already there. Safe to run again.
set -euo pipefail

# kamailio: the carrier (registrar + proxy) of the trunk tests (apps/server/src/test/carrier); coturn: the TURN
# server the browser phone relays its media through in e2e/web-phone.e2e.ts.
PACKAGES=(chromium postgresql fonts-noto-cjk sip-tester baresip sox kamailio coturn)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "These Debian packages are needed for the tests: ${missing[*]}. Run this script as root (sudo)." >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL: start the cluster if nothing answers on 127.0.0.1:5432.
if ! (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "Starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null && break; sleep 1; done
fi

# A role that may create and drop the throw-away databases of the server-pg suites.
run_psql() {
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""
  else
    psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtAc "$1"
  fi
}
if [ "$(run_psql "select 1 from pg_roles where rolname = 'hujiao_test'")" != 1 ]; then
  run_psql "create role hujiao_test login createdb password 'hujiao_test'"
fi
echo "Test dependencies ready."
