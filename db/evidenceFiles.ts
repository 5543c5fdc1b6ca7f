import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/*
 * The evidence folder as backups see it (docs/decisions/019-evidence.md): files stored once under their
 * SHA-256, `<dir>/ab/abcdef…`. A backup copies every file its database names into `<backup>.evidence/`, a
 * restore copies them back, and both check each file against its hash.
 */

/** EVIDENCE_DIR, else `evidence/` beside the SQLite file. */
export function evidenceDirBeside(databasePath: string): string {
  if (process.env.EVIDENCE_DIR) return resolve(process.env.EVIDENCE_DIR);
  return join(dirname(resolve(databasePath)), "evidence");
}

/** Where a backup file's evidence goes: a folder next to it. */
export const backupEvidenceDir = (backupPath: string) => `${resolve(backupPath)}.evidence`;

export const evidencePath = (dir: string, sha: string) => join(dir, sha.slice(0, 2), sha);

const hashOf = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** The hashes of every evidence file a database names (removed evidence too: the history names it). */
export function namedEvidence(databasePath: string): string[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'evidence_items'").get();
    if (!table) return [];
    return db.prepare("SELECT DISTINCT sha256 FROM evidence_items WHERE sha256 IS NOT NULL ORDER BY sha256").pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** The named files that are missing from a folder or do not match their hash there. */
export function unsoundEvidence(hashes: readonly string[], dir: string): string[] {
  return hashes.filter((sha) => {
    const path = evidencePath(dir, sha);
    return !existsSync(path) || hashOf(path) !== sha;
  });
}

/** Copies the named files from one folder to another, each checked against its hash after the copy. */
export function copyEvidence(hashes: readonly string[], fromDir: string, toDir: string): { copied: number } {
  let copied = 0;
  for (const sha of hashes) {
    const target = evidencePath(toDir, sha);
    if (existsSync(target) && hashOf(target) === sha) continue;
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(evidencePath(fromDir, sha), target);
    if (hashOf(target) !== sha) throw new Error(`The copy of evidence file ${sha} does not match its hash.`);
    copied++;
  }
  return { copied };
}
