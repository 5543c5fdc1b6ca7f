import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";
import { testDay } from "./tests/support/testDay";

export default defineConfig({
  root: "client",
  plugins: [react()],
  // The manifest lets the benchmark add up what each page loads (tests/bench/bundleSizes.ts); express.static skips dot folders.
  build: { outDir: "../dist/client", emptyOutDir: true, chunkSizeWarningLimit: 700, manifest: true },
  server: { proxy: { "/api": "http://localhost:3000" } },
  test: {
    root: ".",
    // The server's own clock (server/clock.ts) reads this too: no test sees the machine's calendar.
    env: { PILOT_MONITOR_TODAY: testDay() },
    projects: [
      { extends: true, test: { name: "unit", root: ".", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      { extends: true, test: { name: "integration", root: ".", include: ["tests/integration/**/*.test.ts"], environment: "node" } },
      // Real processes, crashes and load: slower, and each file on its own.
      { extends: true, test: { name: "reliability", root: ".", include: ["tests/reliability/**/*.test.ts"], environment: "node", testTimeout: 120_000, fileParallelism: false } },
    ],
  },
});
