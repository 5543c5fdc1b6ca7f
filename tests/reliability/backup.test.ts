import { fork } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { backupDatabase, restoreDatabase } from "../../db/backup";
import { openDatabase } from "../../db/client";
import { databaseChecksum } from "../support/checksum";
import { createTestDatabase, DEMO_TODAY, seedDemo } from "../support/testDatabase";
import { problemsIn } from "./support/consistency";
import { evidenceDirFor, sha256Of } from "../../server/evidence/store";
import { pdfFile, pngFile } from "../support/evidenceFiles";
import { factories } from "../support/factories";

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

describe("backup and restore of the evidence files", () => {
  it("round-trips the evidence: every file the database names is copied and restored with its hash", async () => {
    testDb = createTestDatabase();
    const make = factories(testDb.db);
    const { pilot, current } = await make.pilot();
    const indicator = await make.indicator(pilot.id);
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    const files = [pdfFile("one"), pdfFile("two"), pngFile()];
    for (const [i, bytes] of files.entries())
      await coordinator.caller.evidence.attachFile({ periodId: current.id, indicatorId: indicator.id, fileName: `f${i}`, description: "", bytes: new Uint8Array(bytes) });
    const sourceDir = evidenceDirFor(testDb.db);
    const hashes = files.map((bytes) => sha256Of(bytes)).sort();

    const dir = join(testDb.path, "..");
    const backup = join(dir, "with-evidence.sqlite");
    expect((await backupDatabase(testDb.path, backup)).evidenceFiles).toBe(3);
    expect(readdirSync(join(`${backup}.evidence`)).length).toBeGreaterThan(0);

    // Restored elsewhere: the database and its evidence folder beside it, every file matching its hash.
    const target = join(dir, "restored", "pilot-monitor.sqlite");
    expect((await restoreDatabase(backup, target)).evidenceFiles).toBe(3);
    const restoredDir = join(dir, "restored", "evidence");
    for (const sha of hashes) expect(sha256Of(readFileSync(join(restoredDir, sha.slice(0, 2), sha)))).toBe(sha);
    for (const sha of hashes) expect(readFileSync(join(restoredDir, sha.slice(0, 2), sha))).toEqual(readFileSync(join(sourceDir, sha.slice(0, 2), sha)));

    // A damaged file in the backup refuses the restore before anything changes.
    writeFileSync(join(`${backup}.evidence`, hashes[0]!.slice(0, 2), hashes[0]!), "tampered");
    const other = join(dir, "other", "pilot-monitor.sqlite");
    await expect(restoreDatabase(backup, other)).rejects.toThrow(/missing or damaged/);
    expect(existsSync(other)).toBe(false);
  });
});
