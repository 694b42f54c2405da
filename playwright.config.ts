// End-to-end tests: Debian's Chromium (never `npx playwright install`; see docs/decisions/001-stack-react-router-v7.md)
// against the production build, served fresh by scripts/e2e-server.ts. Build first: `npx react-router build`.
import { defineConfig } from "@playwright/test";

// E2E_PORT is read by scripts/e2e-server.ts too; 3210 unless set.
const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "tests/e2e",
  // E2E_ARTIFACTS: a separate folder per parallel run on one checkout (default tests/.artifacts).
  outputDir: `${process.env.E2E_ARTIFACTS || "tests/.artifacts"}/test-results`,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: `${process.env.E2E_ARTIFACTS || "tests/.artifacts"}/playwright.json` }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "off",
    video: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node --import tsx scripts/e2e-server.ts",
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 7_000 },
  },
});
