import { LANGUAGE_HEADER } from "../../shared/i18n/languages";
import type { ImportJobView } from "../../shared/importFormat";

const sessionCookies = new Map<string, string>();

/** The session the calls below send to this server (the tests sign in first, as a person would). */
export function useImportSession(baseUrl: string, cookie: string): void {
  sessionCookies.set(new URL(baseUrl).origin, cookie);
}

/** fetch with the session of the server it goes to. */
export function authedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const cookie = sessionCookies.get(new URL(url).origin) ?? "";
  return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), cookie } });
}

/** Drives an import through the real HTTP routes, as the import page does. */
/** `language`: the page's language the upload is sent from; numbers the file holds as text are read its way. */
export async function uploadForImport(baseUrl: string, body: Uint8Array | string, options: { fileName: string; pilotId?: number; language?: string }): Promise<Response> {
  const query = new URLSearchParams({ fileName: options.fileName });
  if (options.pilotId !== undefined) query.set("pilotId", String(options.pilotId));
  return authedFetch(`${baseUrl}/api/imports?${query}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", ...(options.language ? { [LANGUAGE_HEADER]: options.language } : {}) },
    body: typeof body === "string" ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
  });
}

export async function getJob(baseUrl: string, jobId: string): Promise<ImportJobView> {
  const response = await authedFetch(`${baseUrl}/api/trpc/imports.job?input=${encodeURIComponent(JSON.stringify({ jobId }))}`);
  const body = (await response.json()) as { result?: { data: ImportJobView }; error?: { message: string } };
  if (!body.result) throw new Error(`imports.job: ${response.status} ${body.error?.message}`);
  return body.result.data;
}

export async function waitForJob(
  baseUrl: string,
  jobId: string,
  until: (job: ImportJobView) => boolean,
  timeoutMs = 60_000,
  onPoll?: (job: ImportJobView) => void,
): Promise<ImportJobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(baseUrl, jobId);
    onPoll?.(job);
    if (until(job)) return job;
    if (Date.now() > deadline) throw new Error(`The import job is still ${job.phase} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const settled = (job: ImportJobView) => job.phase === "ready" || job.phase === "done" || job.phase === "failed";

/** Uploads and waits for the preview (or the failure). */
export async function previewImport(baseUrl: string, body: Uint8Array | string, options: { fileName: string; pilotId?: number; language?: string }): Promise<ImportJobView> {
  const response = await uploadForImport(baseUrl, body, options);
  if (response.status !== 202) throw new Error(`upload: ${response.status} ${await response.text()}`);
  const { jobId } = (await response.json()) as { jobId: string };
  return waitForJob(baseUrl, jobId, settled);
}

export async function commitImport(
  baseUrl: string,
  job: ImportJobView,
  onPoll?: (job: ImportJobView) => void,
): Promise<{ status: number; job: ImportJobView | null; message: string }> {
  const response = await authedFetch(`${baseUrl}/api/trpc/imports.commit`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jobId: job.jobId, token: job.preview?.token ?? "none" }),
  });
  const body = (await response.json()) as { result?: { data: ImportJobView }; error?: { message: string } };
  if (!response.ok) return { status: response.status, job: null, message: body.error?.message ?? "" };
  const finished = await waitForJob(baseUrl, job.jobId, (j) => j.phase === "done" || j.phase === "failed", 120_000, onPoll);
  return { status: response.status, job: finished, message: finished.error?.message ?? "" };
}
