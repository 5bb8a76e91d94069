#!/usr/bin/env bash
# Type-checks every workspace that has a tsconfig.json (each has its own lib/jsx settings).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for dir in packages/* apps/* e2e bench; do
  [ -f "$dir/tsconfig.json" ] || continue
  echo "tsc: $dir"
  npx tsc -p "$dir" --noEmit || status=1
done
exit $status
