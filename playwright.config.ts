import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3217);
// Both settable, so that several checkouts can run their end-to-end tests side by side.
const databaseDir = process.env.E2E_DB_DIR ?? `/tmp/pilot-monitor-e2e-${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    acceptDownloads: true,
    // Debian's Chromium: Playwright's own browser downloads cannot reach the internet here.
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // A fresh database with the demo data for every run.
    command: `rm -rf ${databaseDir} && DB_PATH=${databaseDir}/e2e.sqlite PORT=${port} HOST=127.0.0.1 npx tsx server/main.ts`,
    url: `http://127.0.0.1:${port}/api/trpc/auth.me`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
