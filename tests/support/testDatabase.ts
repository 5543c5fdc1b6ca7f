import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type AppDatabase } from "../../db/client";
import { seedDemoDataIfEmpty } from "../../db/seed/demo";
import { createInnerContext } from "../../server/context";
import { createCaller } from "../../server/root";

/** A fresh, migrated SQLite file in a temporary folder; removed by `cleanup`. */
export function createTestDatabase(): { db: AppDatabase; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "pilot-monitor-test-"));
  const path = join(dir, "test.sqlite");
  const db = openDatabase(path);
  return {
    db,
    path,
    cleanup: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const DEMO_TODAY = "2026-11-23";

export function callerFor(db: AppDatabase, today = DEMO_TODAY) {
  return createCaller(createInnerContext({ db, today: () => today }));
}

export function seedDemo(db: AppDatabase, today = DEMO_TODAY) {
  seedDemoDataIfEmpty(db, today);
}
