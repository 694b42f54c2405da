// Prints one closing line for the whole suite, "N passed, N failed", from the runners' JSON reports.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
const parts: string[] = [];

for (const file of ["tests/.artifacts/vitest.json", "tests/.artifacts/vitest-pglite.json"]) {
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number };
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  parts.push(`${file.includes("pglite") ? "vitest (PGlite)" : "vitest"}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
if (existsSync("tests/.artifacts/playwright.json")) {
  const r = JSON.parse(readFileSync("tests/.artifacts/playwright.json", "utf8")) as {
    stats: { expected: number; unexpected: number; flaky: number };
  };
  passed += r.stats.expected + r.stats.flaky;
  failed += r.stats.unexpected;
  parts.push(`playwright: ${r.stats.expected + r.stats.flaky} passed, ${r.stats.unexpected} failed`);
}
if (parts.length) {
  console.log(`\n${parts.join("; ")}`);
  console.log(`${passed} passed, ${failed} failed`);
}
