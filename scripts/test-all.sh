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
# The browser tests run one file at a time (fileParallelism: false), which Vitest does after every other file:
# they run in a second Vitest beside the rest instead (their servers, phones and ports are their own), and their
# output follows the rest's.
npx vitest run --project e2e --reporter=default --reporter=json --outputFile=test-artifacts/vitest-e2e.json \
  > test-artifacts/vitest-e2e.log 2>&1 &
e2e=$!
npx vitest run --project '!e2e' --reporter=default --reporter=json --outputFile=test-artifacts/vitest.json || status=$?
wait $e2e || status=$?
cat test-artifacts/vitest-e2e.log
node -e '
  const runs = ["./test-artifacts/vitest.json", "./test-artifacts/vitest-e2e.json"].map((f) => require(f));
  const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
  const skipped = sum("numPendingTests") + sum("numTodoTests");
  console.log(`Tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${skipped} skipped`);
' || true
exit $status
