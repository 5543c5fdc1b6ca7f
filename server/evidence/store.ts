import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import type { AppDatabase } from "../../db/client";
import { evidenceDirBeside } from "../../db/evidenceFiles";
import { EVIDENCE_LIMITS, isEvidenceType, type EvidenceType } from "../../shared/evidence";
import { message } from "../../shared/i18n/message";
import { invalidInput, userError } from "../errors";

/*
 * The evidence folder: every file stored once under its SHA-256 (`ab/abcdef…`), beside the database unless
 * EVIDENCE_DIR says where. A name from the client is never part of a path; the database row says what the
 * file is. Files are written to a temporary name and renamed, so a crash leaves no half file under a hash.
 * docs/decisions/019-evidence.md.
 */

const SHA256 = /^[0-9a-f]{64}$/;

/** The evidence folder of a database: EVIDENCE_DIR, else `evidence/` beside the SQLite file. */
export function evidenceDirFor(db: AppDatabase): string {
  const file = db.$client.name;
  if (!process.env.EVIDENCE_DIR && (!file || file === ":memory:")) return resolve("data", "evidence-memory");
  return evidenceDirBeside(file);
}

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function pathOf(dir: string, sha: string): string {
  if (!SHA256.test(sha)) throw new Error(`Not a SHA-256: ${sha}`);
  return join(dir, sha.slice(0, 2), sha);
}

const TEXT_DECODER = new TextDecoder("utf-8", { fatal: true });

/**
 * CSV has no signature: a file with no detected type counts as CSV only when its name says so and it is
 * UTF-8 text without NUL bytes that does not open like markup (an HTML page renamed .csv stays refused).
 */
function looksLikeCsv(bytes: Uint8Array, fileName: string): boolean {
  if (!/\.csv$/i.test(fileName)) return false;
  if (bytes.includes(0)) return false;
  let text: string;
  try {
    text = TEXT_DECODER.decode(bytes);
  } catch {
    return false;
  }
  return !/^\s*</.test(text.replace(/^\uFEFF/, ""));
}

/** The type of an upload judged from its content, or a refusal that says which types are accepted. */
export async function detectEvidenceType(bytes: Uint8Array, fileName: string): Promise<EvidenceType> {
  if (bytes.length === 0) throw invalidInput(message("evidence.errors.emptyFile"), { file: message("evidence.errors.emptyFile") });
  if (bytes.length > EVIDENCE_LIMITS.maxBytes) throw tooLarge();
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && isEvidenceType(detected.mime)) return detected.mime;
  if (!detected && looksLikeCsv(bytes, fileName)) return "text/csv";
  const refusal = message("evidence.errors.typeNotAllowed");
  throw invalidInput(refusal, { file: refusal });
}

export function tooLarge() {
  const refusal = message("evidence.errors.tooLarge", { megabytes: EVIDENCE_LIMITS.maxBytes / 1024 / 1024 });
  return userError("PAYLOAD_TOO_LARGE", refusal);
}

/** Stores the bytes under their hash (once: the same file uploaded twice is one file) and returns the hash. */
export function storeEvidenceFile(dir: string, bytes: Uint8Array): string {
  const sha = sha256Of(bytes);
  const target = pathOf(dir, sha);
  if (existsSync(target)) return sha;
  mkdirSync(dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, bytes, { flag: "wx" });
  renameSync(temporary, target);
  return sha;
}

/** The stored bytes of a hash, or null when the file is not in the folder. */
export function readEvidenceFile(dir: string, sha: string): Buffer | null {
  const path = pathOf(dir, sha);
  return existsSync(path) ? readFileSync(path) : null;
}

export interface EvidenceFolderReport {
  /** Files in the folder no evidence row names (harmless; left by a failed write). */
  orphans: string[];
  /** Hashes rows name whose file is not in the folder. */
  missing: string[];
  /** Files whose content no longer has the hash they are stored under. */
  corrupt: string[];
}

/** Compares the folder with the database: what `npm run evidence:check`, backup and restore report. */
export function checkEvidenceFolder(db: AppDatabase, dir: string): EvidenceFolderReport {
  const named = new Set(db.$client.prepare("SELECT DISTINCT sha256 FROM evidence_items WHERE sha256 IS NOT NULL").pluck().all() as string[]);
  const stored = new Set<string>();
  const corrupt: string[] = [];
  if (existsSync(dir)) {
    for (const prefix of readdirSync(dir)) {
      if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
      for (const name of readdirSync(join(dir, prefix))) {
        if (!SHA256.test(name)) continue;
        stored.add(name);
        if (sha256Of(readFileSync(join(dir, prefix, name))) !== name) corrupt.push(name);
      }
    }
  }
  return {
    orphans: [...stored].filter((sha) => !named.has(sha)).sort(),
    missing: [...named].filter((sha) => !stored.has(sha)).sort(),
    corrupt: corrupt.sort(),
  };
}
