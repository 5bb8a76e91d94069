#!/usr/bin/env bash
# Installs, as root, the peers the telephony benchmarks compare against (bench/README.md).
set -euo pipefail
PACKAGES=(kamailio kamailio-extra-modules rtpengine-daemon sip-tester sox nftables)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "Benchmark peers ready: $(kamailio -v 2>/dev/null | head -n 1)"
