import { parentPort } from "node:worker_threads";
import { openDatabase, type AppDatabase } from "../../db/client";
import type { ImportOutcome, ImportPreview, ImportText } from "../../shared/importFormat";
import { message as say } from "../../shared/i18n/message";
import { applyImport, ImportConflict } from "./applyImport";
import { ImportRefused, planImport, type ImportPlan } from "./planImport";
import { importWrites } from "./plan/footprint";
import type { ImportWrite } from "../access";
import type { Actor } from "../services/audit";
import { detectFormat, readCsv, readXlsx, UnreadableFile } from "./readSpreadsheet";

/**
 * Reads, checks and writes one import off the server's event loop, on its own SQLite connection.
 * The plan stays here between the preview and the commit; only the preview travels to the main thread.
 */

export type ToWorker =
  | { type: "prepare"; dbPath: string; bytes: ArrayBuffer; fileName: string; pilotId: number | null; today: string; numberLocale: string }
  /** `actor`: the person committing, who is the one who uploaded (importJobs.ts checks). */
  | { type: "commit"; token: string; actor: Actor }
  /** The job is over: forget it, and wait for the next one. */
  | { type: "reset" };

export type FromWorker =
  | { type: "loaded" }
  | { type: "progress"; phase: "reading" | "checking" | "writing"; done: number; total: number }
  /** `writes`: where the plan would write, for the main thread to check against the uploader's roles. */
  | { type: "preview"; preview: ImportPreview<ImportText>; writes: ImportWrite[] }
  | { type: "committed"; outcome: ImportOutcome }
  | { type: "failed"; code: "CONFLICT" | "BAD_REQUEST" | "INTERNAL"; message: ImportText };

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
let db: AppDatabase | null = null;
let plan: ImportPlan | null = null;

function fail(error: unknown) {
  if (error instanceof ImportConflict) send({ type: "failed", code: "CONFLICT", message: error.text });
  else if (error instanceof ImportRefused || error instanceof UnreadableFile) send({ type: "failed", code: "BAD_REQUEST", message: error.text });
  else {
    console.error(error);
    send({ type: "failed", code: "INTERNAL", message: say("importFile.errors.serverFailed") });
  }
}

port.on("message", async (message: ToWorker) => {
  try {
    if (message.type === "prepare") {
      send({ type: "progress", phase: "reading", done: 0, total: message.bytes.byteLength });
      const bytes = new Uint8Array(message.bytes);
      const format = detectFormat(bytes, message.fileName);
      const sheets = format === "xlsx" ? await readXlsx(bytes) : [readCsv(bytes, "Sheet1")];
      db = openDatabase(message.dbPath);
      plan = planImport(db, sheets, {
        pilotId: message.pilotId,
        fileName: message.fileName,
        today: message.today,
        numberLocale: message.numberLocale,
        onProgress: (done, total) => send({ type: "progress", phase: "checking", done, total }),
      });
      send({ type: "preview", preview: plan.preview, writes: importWrites(plan) });
    } else if (message.type === "reset") {
      db?.$client.close();
      db = null;
      plan = null;
    } else if (message.type === "commit") {
      if (!db || !plan) throw new ImportRefused("There is nothing to import.");
      const outcome = applyImport(db, plan, message.token, message.actor, (done, total) => send({ type: "progress", phase: "writing", done, total }));
      send({ type: "committed", outcome });
    }
  } catch (error) {
    fail(error);
  }
});

send({ type: "loaded" });
