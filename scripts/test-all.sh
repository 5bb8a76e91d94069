#!/usr/bin/env bash
# The whole suite, as CI runs it (.ci/run) and as the README's second line says:
# Debian packages (as root), npm packages, lint, type check, web build, then every Vitest project:
# unit, integration on PGlite and on PostgreSQL, and the browser end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh
# The lock file as committed (npm ci fails when it is out of step with the package.json files), then the check
# that no installed package asks for a newer Node.js than the README promises.
npm ci --no-audit --no-fund
node scripts/check-engines.mjs
npx biome check .
node scripts/check-import-cycles.mjs
bash scripts/typecheck.sh
npm run build

mkdir -p test-artifacts
export CC_TEST_PG_URL=${CC_TEST_PG_URL:-postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres}
status=0
npx vitest run --reporter=default --reporter=json --outputFile=test-artifacts/vitest.json || status=$?
node -e '
  const r = require("./test-artifacts/vitest.json");
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
' || true
exit $status
