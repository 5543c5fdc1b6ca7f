import Database from "better-sqlite3";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { backupEvidenceDir, copyEvidence, evidenceDirBeside, namedEvidence, unsoundEvidence } from "./evidenceFiles";

/**
 * Consistent copies of a live database with SQLite's online backup API. The copy is one snapshot:
 * a write committed by another process during the copy restarts it, and the server's own writes are
 * applied to it, so it never mixes two states. Writers are not stopped (WAL: a reader never blocks them).
 */

/** Pages per backup step after the first: large, so that a busy database converges in few restarts. */
const PAGES_PER_STEP = 1_000_000;

function integrityOf(path: string): string {
  const check = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (check.pragma("integrity_check", { simple: true }) as string) ?? "no answer";
  } finally {
    check.close();
  }
}

/**
 * Backs up the database, then the evidence files the backup names into `<backup>.evidence/` (each checked
 * against its hash). A file the database names but the evidence folder lacks or has damaged fails the backup.
 */
export async function backupDatabase(sourcePath: string, destinationPath: string, evidenceDir = evidenceDirBeside(sourcePath)): Promise<{ pages: number; evidenceFiles: number }> {
  if (!existsSync(sourcePath)) throw new Error(`No database at ${sourcePath}.`);
  if (existsSync(destinationPath)) throw new Error(`${destinationPath} already exists: choose a new file name for each backup.`);
  mkdirSync(dirname(resolve(destinationPath)), { recursive: true });
  const source = new Database(sourcePath, { fileMustExist: true });
  source.pragma("busy_timeout = 5000");
  try {
    const outcome = await source.backup(destinationPath, { progress: () => PAGES_PER_STEP });
    const integrity = integrityOf(destinationPath);
    if (integrity !== "ok") throw new Error(`The backup at ${destinationPath} failed its integrity check: ${integrity}`);
    const hashes = namedEvidence(destinationPath);
    const unsound = unsoundEvidence(hashes, evidenceDir);
    if (unsound.length) throw new Error(`${unsound.length} evidence file(s) named by the database are missing or damaged in ${evidenceDir}: ${unsound.slice(0, 5).join(", ")}`);
    copyEvidence(hashes, evidenceDir, backupEvidenceDir(destinationPath));
    return { pages: outcome.totalPages, evidenceFiles: hashes.length };
  } finally {
    source.close();
  }
}

/**
 * Replaces the database at `targetPath` with a backup. Run it with the server stopped. The database it
 * replaces is kept next to it (`.before-restore-<time>`), so a restore can itself be undone.
 */
export async function restoreDatabase(
  backupPath: string,
  targetPath: string,
  now = new Date(),
  evidenceDir = evidenceDirBeside(targetPath),
): Promise<{ keptPreviousAs: string | null; evidenceFiles: number }> {
  const integrity = integrityOf(backupPath);
  if (integrity !== "ok") throw new Error(`${backupPath} is not a sound database (${integrity}); nothing was changed.`);
  // The backup's evidence is checked before anything changes, then copied in (files are never deleted:
  // the folder is content-addressed, so files of the replaced database stay harmless orphans).
  const hashes = namedEvidence(backupPath);
  const unsound = unsoundEvidence(hashes, backupEvidenceDir(backupPath));
  if (unsound.length) throw new Error(`${unsound.length} evidence file(s) of the backup are missing or damaged in ${backupEvidenceDir(backupPath)}; nothing was changed.`);
  copyEvidence(hashes, backupEvidenceDir(backupPath), evidenceDir);
  let keptPreviousAs: string | null = null;
  if (existsSync(targetPath)) {
    keptPreviousAs = `${targetPath}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    // Fold the write-ahead log into the file first, so the kept copy is complete on its own.
    const current = new Database(targetPath, { fileMustExist: true });
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    renameSync(targetPath, keptPreviousAs);
    for (const suffix of ["-wal", "-shm"]) if (existsSync(targetPath + suffix)) renameSync(targetPath + suffix, keptPreviousAs + suffix);
  }
  mkdirSync(dirname(resolve(targetPath)), { recursive: true });
  const source = new Database(backupPath, { readonly: true, fileMustExist: true });
  try {
    await source.backup(targetPath, { progress: () => PAGES_PER_STEP });
  } finally {
    source.close();
  }
  return { keptPreviousAs, evidenceFiles: hashes.length };
}
