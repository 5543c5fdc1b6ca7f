import { defineConfig } from "@playwright/test";
import { testDay } from "./tests/support/testDay";

// Every spec file starts its own server on its own database (tests/e2e/fixtures.ts), all on one fixed day
// unless PILOT_MONITOR_TODAY names another (npm run test:dates): the suite gives the same answers on any
// calendar day. Set here, before the workers start, so that the specs and their servers share the day.
process.env.PILOT_MONITOR_TODAY = testDay();
// Settable, so that several checkouts can run their end-to-end tests side by side.
process.env.E2E_DB_DIR ??= `/tmp/pilot-monitor-e2e-${process.env.E2E_PORT ?? "specs"}`;

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    acceptDownloads: true,
    // Debian's Chromium: Playwright's own browser downloads cannot reach the internet here.
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
});
