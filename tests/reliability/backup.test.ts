import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "../../db/backup";
import { openDatabase } from "../../db/client";
import { databaseChecksum } from "../support/checksum";
import { createTestDatabase, DEMO_TODAY, seedDemo } from "../support/testDatabase";
import { problemsIn } from "./support/consistency";

let testDb: ReturnType<typeof createTestDatabase>;
afterEach(() => testDb?.cleanup());

function checksumOf(path: string): string {
  const db = openDatabase(path);
  try {
    return databaseChecksum(db);
  } finally {
    db.$client.close();
  }
}

describe("npm run backup / npm run restore", () => {
  it("copies the live database consistently while another process keeps saving, and the restored copy matches it", async () => {
    testDb = createTestDatabase();
    seedDemo(testDb.db);
    const writer = fork(fileURLToPath(new URL("./support/saveLoop.ts", import.meta.url)), [testDb.path, DEMO_TODAY], { execArgv: ["--import", "tsx"] });
    await new Promise<void>((resolve, reject) => {
      writer.once("message", () => resolve());
      writer.once("exit", (code) => reject(new Error(`The writer exited early (${code})`)));
    });

    const dir = join(testDb.path, "..");
    const backups: string[] = [];
    for (let i = 0; i < 3; i++) {
      const path = join(dir, `backup-${i}.sqlite`);
      await backupDatabase(testDb.path, path);
      backups.push(path);
    }
    const { saves } = await new Promise<{ saves: number }>((resolve) => {
      writer.once("message", (message) => resolve(message as { saves: number }));
      writer.send("stop");
    });
    expect(saves, "the writer kept saving during the backups").toBeGreaterThan(10);

    for (const path of backups) expect(problemsIn(path), path).toEqual([]);
    // The backups were taken at different moments of the writing.
    const written = backups.map((path) => {
      const db = new Database(path, { readonly: true });
      const row = db.prepare("SELECT max(value) AS v FROM results WHERE comment = 'Written during a backup'").get() as { v: number | null };
      db.close();
      return row.v;
    });
    expect(written.some((v) => v !== null)).toBe(true);

    // Restore the last backup over the live file: the result matches the backup, and the old file is kept.
    const expected = checksumOf(backups[2]!);
    const { keptPreviousAs } = await restoreDatabase(backups[2]!, testDb.path);
    expect(keptPreviousAs).not.toBeNull();
    expect(existsSync(keptPreviousAs!)).toBe(true);
    testDb.db.$client.close();
    expect(checksumOf(testDb.path)).toBe(expected);
    expect(problemsIn(testDb.path)).toEqual([]);
    testDb.db = openDatabase(testDb.path);
  }, 60_000);

  it("refuses to overwrite a backup or to restore a file that is not a sound database", async () => {
    testDb = createTestDatabase();
    seedDemo(testDb.db);
    const dir = join(testDb.path, "..");
    const path = join(dir, "backup.sqlite");
    await backupDatabase(testDb.path, path);
    await expect(backupDatabase(testDb.path, path)).rejects.toThrow(/already exists/);
    const broken = join(dir, "broken.sqlite");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(broken, "this is not a database");
    const before = databaseChecksum(testDb.db);
    await expect(restoreDatabase(broken, testDb.path)).rejects.toThrow();
    expect(databaseChecksum(testDb.db)).toBe(before);
  });
});
