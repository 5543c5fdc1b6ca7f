import { DEFAULT_LANGUAGE, formattingLocaleOf } from "../../shared/i18n/languages";
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { AppDatabase } from "../../db/client";
import type { ImportPhase, ImportText, UntranslatedImportJob } from "../../shared/importFormat";
import type { ImportWrite } from "../access";
import type { Actor } from "../services/audit";
// Named so, because the worker's messages are called `message` here.
import { message as messageOf } from "../../shared/i18n/message";
import type { FromWorker, ToWorker } from "./importWorker";
import { logger } from "../logger";

/**
 * Import jobs of this server process. Each job has its own worker thread, which reads the file, builds
 * the preview and, on commit, writes on its own SQLite connection, so the event loop keeps answering
 * other people while a large file is checked and written. The browser polls `imports.job` for progress.
 */

/**
 * Whether the job may go on, given where its plan writes: the refusal to tell the person, or null. Called
 * when the preview is ready and again at commit, so it must read the uploader's roles as they are then.
 */
export type ImportAuthority = (writes: readonly ImportWrite[]) => ImportText | null;

/** The person who uploads: a job is theirs alone, and everything it writes is recorded under them. */
export interface ImportOwner extends Actor {
  id: number;
}

interface Job extends UntranslatedImportJob {
  dbPath: string;
  owner: ImportOwner;
  authorize: ImportAuthority;
  /** Where the plan writes, once the preview is ready. */
  writes: ImportWrite[] | null;
  worker: Worker | null;
  /** Removes this job's listeners from its worker, which may serve another job afterwards. */
  detach: (() => void) | null;
  expires: NodeJS.Timeout | null;
}

/** How long a preview waits for its commit, and a finished job stays readable. */
const KEEP_MS = 30 * 60_000;
/** Jobs that hold a worker at once; the machine has 2 cores and other people to serve. */
const MAX_ACTIVE_JOBS = 3;

const jobs = new Map<string, Job>();
let spare: Worker | null = null;
/** Settles when the current spare has loaded its code. */
let spareLoaded: Promise<void> = Promise.resolve();
let spareIsLoaded = false;

function spawnWorker(): Worker {
  const worker = new Worker(new URL("./importWorker.mjs", import.meta.url));
  // A waiting worker must not keep the process (or a test run) alive.
  worker.unref();
  worker.on("error", (error) => logger.error({ err: error }, "import worker error"));
  worker.on("exit", () => {
    if (spare === worker) spare = null;
  });
  return worker;
}

/**
 * Starting a worker loads TypeScript and the database driver: about a second on this machine. One is
 * kept ready so that an upload starts at once, and a worker whose job ended well becomes the next spare.
 */
export function prewarmImportWorker(): void {
  if (spare) return;
  const worker = spawnWorker();
  spare = worker;
  spareIsLoaded = false;
  spareLoaded = new Promise<void>((resolve) => {
    const done = () => {
      worker.off("message", done);
      worker.off("exit", done);
      if (spare === worker) spareIsLoaded = true;
      resolve();
    };
    worker.on("message", done);
    worker.on("exit", done);
  });
}

/** For benchmarks in the server's process: wait until a spare worker is ready, as on a running server. */
export async function importWorkerReady(): Promise<void> {
  prewarmImportWorker();
  await spareLoaded;
}

function takeWorker(): Worker {
  const worker = spare ?? spawnWorker();
  spare = null;
  return worker;
}

function releaseWorker(worker: Worker, reusable: boolean) {
  // A warm worker serves the next upload at once; a spare still loading its code would make it wait a second.
  if (reusable && (spare === null || !spareIsLoaded)) {
    if (spare) void spare.terminate();
    const reset: ToWorker = { type: "reset" };
    worker.postMessage(reset);
    spare = worker;
    spareIsLoaded = true;
    spareLoaded = Promise.resolve();
  } else {
    void worker.terminate();
  }
}

/** A refusal with its HTTP status; `text` is said in the reader's language by the caller. */
export class ImportJobError extends Error {
  constructor(
    readonly status: number,
    readonly text: ImportText,
  ) {
    super(typeof text === "string" ? text : text.key);
  }
}

function isActive(phase: ImportPhase) {
  return phase !== "done" && phase !== "failed";
}

function finish(job: Job, phase: "done" | "failed") {
  job.phase = phase;
  const worker = job.worker;
  job.worker = null;
  job.detach?.();
  job.detach = null;
  if (worker) releaseWorker(worker, job.error?.code !== "INTERNAL");
  keepFor(job, KEEP_MS);
  // Replace the spare only now, so that its start does not compete with the import for the CPU.
  setTimeout(prewarmImportWorker, 200).unref();
}

function keepFor(job: Job, ms: number) {
  if (job.expires) clearTimeout(job.expires);
  job.expires = setTimeout(() => {
    if (isActive(job.phase)) {
      job.error = { code: "BAD_REQUEST", message: messageOf("importFile.errors.previewExpired") };
      finish(job, "failed");
    } else jobs.delete(job.jobId);
  }, ms);
  job.expires.unref();
}

export function startImportJob(options: {
  db: AppDatabase;
  bytes: Uint8Array;
  fileName: string;
  pilotId: number | null;
  owner: ImportOwner;
  authorize: ImportAuthority;
  today: string;
  /** The uploader's language: numbers the file holds as text are read its way (docs/decisions/004). */
  language?: string;
}): UntranslatedImportJob {
  const dbPath = options.db.$client.name;
  if (dbPath === ":memory:" || dbPath === "") throw new ImportJobError(500, "Imports need a database file.");
  const holding = [...jobs.values()].filter((j) => j.worker !== null);
  if (holding.length >= MAX_ACTIVE_JOBS) {
    // A preview waiting for its commit is cheap to redo; a file being read or written is not.
    const oldestWaiting = holding.find((j) => j.phase === "ready");
    if (!oldestWaiting) throw new ImportJobError(429, messageOf("importFile.errors.tooManyImports"));
    oldestWaiting.error = { code: "BAD_REQUEST", message: messageOf("importFile.errors.previewClosed") };
    finish(oldestWaiting, "failed");
  }
  const job: Job = {
    jobId: randomUUID(),
    fileName: options.fileName,
    phase: "queued",
    progress: 0,
    progressText: messageOf("importFile.progress.starting"),
    preview: null,
    outcome: null,
    error: null,
    dbPath,
    owner: { id: options.owner.id, name: options.owner.name },
    authorize: options.authorize,
    writes: null,
    worker: takeWorker(),
    detach: null,
    expires: null,
  };
  jobs.set(job.jobId, job);
  keepFor(job, KEEP_MS);
  const worker = job.worker!;
  const onMessage = (message: FromWorker) => {
    switch (message.type) {
      case "loaded":
        return;
      case "progress":
        job.phase = message.phase;
        job.progress = message.total > 0 ? Math.min(1, message.done / message.total) : 0;
        // Numbers stay numbers: each reader sees "12,000 of 50,000" or "12.000 di 50.000".
        job.progressText =
          message.phase === "reading" ? messageOf("importFile.progress.reading") : messageOf(`importFile.progress.${message.phase}`, { done: message.done, total: message.total });
        return;
      case "preview": {
        const refusal = job.authorize(message.writes);
        if (refusal) {
          job.error = { code: "FORBIDDEN", message: refusal };
          job.progressText = messageOf("importFile.progress.failed");
          return finish(job, "failed");
        }
        job.writes = message.writes;
        job.phase = "ready";
        job.progress = 1;
        job.progressText = messageOf("importFile.progress.ready");
        job.preview = message.preview;
        // The job now waits for a person to commit; have the next upload find a worker ready. Not for a
        // large file: its commit should not share the two cores with a worker starting up.
        if (message.preview.counts.results.create + message.preview.counts.results.change < 10_000) setTimeout(prewarmImportWorker, 50).unref();
        return;
      }
      case "committed":
        job.progress = 1;
        job.progressText = messageOf("importFile.progress.imported");
        job.outcome = message.outcome;
        return finish(job, "done");
      case "failed":
        job.error = { code: message.code, message: message.message };
        job.progressText = messageOf("importFile.progress.failed");
        return finish(job, "failed");
    }
  };
  const onExit = () => {
    if (job.worker === worker && isActive(job.phase)) {
      job.error = { code: "INTERNAL", message: messageOf("importFile.errors.stoppedUnexpectedly") };
      finish(job, "failed");
    }
  };
  worker.on("message", onMessage);
  worker.on("exit", onExit);
  job.detach = () => {
    worker.off("message", onMessage);
    worker.off("exit", onExit);
  };
  // A copy that the worker can own: Express may hand us a view into a shared pool (Buffer#slice does not copy).
  const copy = new Uint8Array(options.bytes.length);
  copy.set(options.bytes);
  const bytes = copy.buffer;
  const message: ToWorker = {
    type: "prepare",
    dbPath,
    bytes,
    fileName: options.fileName,
    pilotId: options.pilotId,
    today: options.today,
    numberLocale: formattingLocaleOf(options.language ?? DEFAULT_LANGUAGE),
  };
  worker.postMessage(message, [bytes]);
  return viewOf(job);
}

function viewOf(job: Job): UntranslatedImportJob {
  const { jobId, fileName, phase, progress, progressText, preview, outcome, error } = job;
  return { jobId, fileName, phase, progress, progressText, preview, outcome, error };
}

/**
 * The job of this person on this database. Somebody else's job is answered exactly as an unknown or
 * expired one, so that job ids cannot be probed.
 */
function ownJob(db: AppDatabase, jobId: string, userId: number): Job | undefined {
  const job = jobs.get(jobId);
  return job && job.dbPath === db.$client.name && job.owner.id === userId ? job : undefined;
}

const unknownJob = () => new ImportJobError(404, messageOf("importFile.errors.expired"));

/** The person's job, or undefined (unknown, expired, another database's or another person's). */
export function getImportJob(db: AppDatabase, jobId: string, userId: number): UntranslatedImportJob | undefined {
  const job = ownJob(db, jobId, userId);
  return job ? viewOf(job) : undefined;
}

export function commitImportJob(db: AppDatabase, jobId: string, userId: number, token: string): UntranslatedImportJob {
  const job = ownJob(db, jobId, userId);
  if (!job) throw unknownJob();
  if (job.phase !== "ready" || !job.preview || !job.worker || !job.writes) throw new ImportJobError(409, messageOf("importFile.errors.notWaiting"));
  if (job.preview.problemCount > 0) throw new ImportJobError(400, messageOf("importFile.errors.hasProblems"));
  if (job.preview.token !== token) throw new ImportJobError(409, messageOf("importFile.errors.notThisPreview"));
  // Roles may have changed since the preview: a person whose role was removed cannot commit it.
  const refusal = job.authorize(job.writes);
  if (refusal) throw new ImportJobError(403, refusal);
  job.phase = "writing";
  job.progress = 0;
  job.progressText = messageOf("importFile.progress.writingStarted");
  keepFor(job, KEEP_MS);
  const message: ToWorker = { type: "commit", token, actor: job.owner };
  job.worker.postMessage(message);
  return viewOf(job);
}

export function discardImportJob(db: AppDatabase, jobId: string, userId: number): void {
  const job = ownJob(db, jobId, userId);
  if (!job) throw unknownJob();
  if (job.phase === "writing") return;
  if (isActive(job.phase)) {
    job.error = { code: "BAD_REQUEST", message: messageOf("importFile.errors.cancelled") };
    finish(job, "failed");
  }
}
