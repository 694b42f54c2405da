#!/usr/bin/env bash
# `npm test`: the whole suite. Typecheck, lint, build, Vitest (unit + integration on a real database:
# embedded PGlite by default, the PostgreSQL server when DATABASE_URL is set), the JavaScript budget,
# and Playwright e2e in Debian's Chromium against the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.artifacts
rm -f tests/.artifacts/vitest.json tests/.artifacts/playwright.json
trap 'node --import tsx scripts/test-summary.ts || true' EXIT

step() { printf '\n== %s ==\n' "$1"; }

step "Chromium"
bash scripts/ensure-chromium.sh
step "Typecheck"
npm run -s typecheck
step "Lint"
npm run -s lint
step "Build"
npm run -s build
step "Vitest (database: ${DATABASE_URL:+PostgreSQL server}${DATABASE_URL:-embedded PGlite})"
npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.artifacts/vitest.json
step "JavaScript budget"
npm run -s budget
step "Playwright e2e"
npx playwright test
