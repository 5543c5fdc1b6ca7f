import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkEvidenceFolder, evidenceDirFor, sha256Of } from "../../server/evidence/store";
import { pdfFile, pngFile } from "../support/evidenceFiles";
import { factories } from "../support/factories";
import { createTestDatabase } from "../support/testDatabase";

/*
 * The evidence folder and the database drift apart only by hand (a file deleted or edited on the server, a
 * file copied in): the checker (checkEvidenceFolder, `npm run evidence:check`) must say which, and the
 * command must fail when a file the database names is missing or damaged.
 */

let testDb: ReturnType<typeof createTestDatabase>;
afterEach(() => testDb?.cleanup());

const ROOT = resolve(import.meta.dirname, "../..");

/** `npm run evidence:check -- --db <path>`, run as the operator runs it, with the folder beside the database. */
function runChecker(databasePath: string) {
  const { EVIDENCE_DIR: _, ...env } = process.env;
  const run = spawnSync(process.execPath, ["--import", "tsx", "db/commands/evidenceCheck.ts", "--db", databasePath], { cwd: ROOT, env, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("the evidence checker", () => {
  it("reports orphans, missing and damaged files, and the command fails on the missing and damaged ones", async () => {
    testDb = createTestDatabase();
    const make = factories(testDb.db);
    const { pilot, current } = await make.pilot();
    const indicator = await make.indicator(pilot.id);
    const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
    const [kept, deleted, edited] = [pdfFile("kept"), pdfFile("deleted"), pngFile()];
    for (const [index, bytes] of [kept, deleted, edited].entries())
      await coordinator.caller.evidence.attachFile({ periodId: current.id, indicatorId: indicator.id, fileName: `f${index}.pdf`, description: "", bytes: new Uint8Array(bytes) });
    const dir = evidenceDirFor(testDb.db);
    expect(checkEvidenceFolder(testDb.db, dir)).toEqual({ orphans: [], missing: [], corrupt: [] });
    expect(runChecker(testDb.path)).toMatchObject({ status: 0, output: expect.stringContaining("3 file(s) named by the database, 0 missing or damaged, 0 orphan(s)") });

    // By hand on the server: one file deleted, one edited, one copied in that no row names.
    const at = (sha: string) => join(dir, sha.slice(0, 2), sha);
    rmSync(at(sha256Of(deleted)));
    writeFileSync(at(sha256Of(edited)), "edited by hand");
    const stray = pdfFile("copied in by hand");
    mkdirSync(join(dir, sha256Of(stray).slice(0, 2)), { recursive: true });
    writeFileSync(at(sha256Of(stray)), stray);

    expect(checkEvidenceFolder(testDb.db, dir)).toEqual({ orphans: [sha256Of(stray)], missing: [sha256Of(deleted)], corrupt: [sha256Of(edited)] });
    const { status, output } = runChecker(testDb.path);
    expect(status).toBe(1);
    expect(output).toContain("2 missing or damaged, 1 orphan(s)");
    expect(output).toContain(`missing or damaged: ${sha256Of(deleted)}`);
    expect(output).toContain(`missing or damaged: ${sha256Of(edited)}`);
    expect(output).toContain(`orphan: ${sha256Of(stray)}`);
    expect(output).not.toContain(sha256Of(kept));
  });
});
