#!/usr/bin/env bash
# Runs every check and test of NeckCheck on a fresh machine or a working copy.
# Installs what is missing first (npm packages; Debian's chromium and postgresql), builds the web app,
# runs the type checks, the linter and the test suites, and ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
mkdir -p test-results

passed=0
failed=0
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# One check = one test in the summary.
check() {
  local name=$1
  shift
  say "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}

# Adds the counts of a vitest JSON report; a missing or unreadable report counts as one failure.
count_vitest() {
  local report=$1
  local counts
  if counts=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const failedSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
    console.log(r.numPassedTests, r.numFailedTests + failedSuites);
  ' "$report" 2>/dev/null); then
    passed=$((passed + ${counts% *}))
    failed=$((failed + ${counts#* }))
  else
    echo "FAILED: no test report at $report"
    failed=$((failed + 1))
  fi
}

say "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }
else
  echo "node_modules is up to date"
fi

# Debian packages the tests need: PostgreSQL for the storage contract and multi-instance tests,
# Chromium for the browser tests of the web app and for PDF reports.
missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  say "install ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -E "$@"; fi; }
  as_root apt-get update -qq && as_root apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "apt-get install ${missing[*]} failed"; echo "0 passed, 1 failed"; exit 1; }
fi

check "type check (whole project)" npx tsc --noEmit -p tsconfig.json
check "type check (core without Node types)" npx tsc --noEmit -p tsconfig.core.json
check "type check (web app, DOM only)" npx tsc --noEmit -p web/tsconfig.json
check "type check (browser tests, Node and DOM)" npx tsc --noEmit -p test/web/tsconfig.json
check "build the web app (the browser tests run against the build)" npx vite build --config web/vite.config.ts --logLevel warn
check "lint and format (biome)" npx biome ci .
check "OpenAPI document: Redocly lint, recommended rules (redocly.yaml)" npm run --silent lint:openapi

say "unit, property and integration tests (vitest, with a throwaway PostgreSQL on loopback)"
rm -f test-results/vitest.json
scripts/with-postgres.sh npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
count_vitest test-results/vitest.json

# Node 20 is past its end of life and users run 22 or later: the vitest suites run
# again on Node 22 (from the npm registry, see scripts/node22.sh). Three run once, above, to keep CI
# under 30 minutes: the browser tests (Chromium against the same built files whatever Node serves them),
# the HTTP fuzz test (thousands of malformed requests against the same validation code) and the SIGKILL
# durability test (about 2.5 minutes of killed servers: what it checks is SQLite's and the disk's).
if [ "${NECKCHECK_SKIP_NODE22:-}" = "1" ]; then
  say "Node 22: skipped (NECKCHECK_SKIP_NODE22=1)"
else
  say "unit, property and integration tests again on Node 22 (all but the browser, fuzz and SIGKILL durability tests)"
  rm -f test-results/vitest-node22.json
  scripts/node22.sh scripts/with-postgres.sh npx vitest run --exclude 'test/web/**' --exclude test/server/fuzz.test.ts \
    --exclude test/server/durability.test.ts \
    --reporter=dot --reporter=json --outputFile.json=test-results/vitest-node22.json
  count_vitest test-results/vitest-node22.json
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
