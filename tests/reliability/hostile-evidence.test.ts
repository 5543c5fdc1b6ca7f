import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVIDENCE_LIMITS } from "../../shared/evidence";
import { checkEvidenceFolder, evidenceDirFor } from "../../server/evidence/store";
import { databaseChecksum } from "../support/checksum";
import { csvFile, docxBomb, gifPolyglot, htmlFile, oversizedDocx, pdfFile, pdfHtmlPolyglot, pngFile, svgFile, zipBomb } from "../support/evidenceFiles";
import { DEMO_ACCOUNTS, DEMO_TODAY } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

/*
 * Hostile evidence files through the real HTTP routes (POST /api/evidence, GET /api/evidence/:id/file):
 * content that lies about its type, markup and script, polyglots, an oversized body, a zip bomb named as a
 * spreadsheet, names with path separators and control characters, the same file twice, a removal while a
 * download is under way. Each ends in a clear refusal with nothing written, or in a file stored under its
 * hash and served only as a sandboxed attachment of its detected type. Afterwards the database and the
 * evidence folder agree (checkEvidenceFolder) and the server still answers.
 */

let running: Awaited<ReturnType<typeof startTestServer>>;
let cookie: string;
let target: { periodId: number; indicatorId: number };
let dir: string;

beforeAll(async () => {
  running = await startTestServer();
  cookie = await signInCookie(running.baseUrl, running.db, DEMO_ACCOUNTS.coordinator);
  // An open period of the coordinator's pilot that has started, and one of its typed indicators.
  target = running.db.$client
    .prepare(
      `SELECT rp.id AS periodId, i.id AS indicatorId FROM reporting_periods rp
       JOIN pilots p ON p.id = rp.pilot_id AND p.title = '[Fictional] Valley Welcome Desk'
       JOIN indicators i ON i.pilot_id = p.id AND i.archived_at IS NULL AND i.from_stakeholder_register = 0
       LEFT JOIN period_reports r ON r.period_id = rp.id
       WHERE rp.start_date <= ? AND COALESCE(r.state, 'draft') IN ('draft', 'returned')
       ORDER BY rp.sequence DESC, i.display_order LIMIT 1`,
    )
    .get(DEMO_TODAY) as typeof target;
  dir = evidenceDirFor(running.db);
});
afterAll(() => running.stop());

async function upload(bytes: Buffer, fileName: string) {
  const query = new URLSearchParams({ periodId: String(target.periodId), indicatorId: String(target.indicatorId), fileName, description: "" });
  const response = await fetch(`${running.baseUrl}/api/evidence?${query}`, {
    method: "POST",
    headers: { cookie, "content-type": "application/octet-stream" },
    body: new Uint8Array(bytes),
  });
  return { status: response.status, body: (await response.json()) as { id?: number; error?: string } };
}

const download = (id: number) => fetch(`${running.baseUrl}/api/evidence/${id}/file`, { headers: { cookie } });

async function expectRefusedUnchanged(bytes: Buffer, fileName: string, status: number, says: RegExp) {
  const before = databaseChecksum(running.db);
  const answer = await upload(bytes, fileName);
  expect(answer.status).toBe(status);
  expect(answer.body.error).toMatch(says);
  expect(databaseChecksum(running.db)).toBe(before);
}

const storedFiles = () => (existsSync(dir) ? readdirSync(dir).flatMap((prefix) => readdirSync(join(dir, prefix))) : []);

describe("hostile evidence uploads", () => {
  it.each([
    ["an HTML page named .pdf", htmlFile(), "attendance.pdf"],
    ["an HTML page named .csv", htmlFile(), "list.csv"],
    ["an SVG with script named .png", svgFile(), "photo.png"],
    ["an SVG with script as .svg", svgFile(), "photo.svg"],
    ["a script named .docx", Buffer.from("#!/bin/sh\nrm -rf /\n"), "report.docx"],
    ["text with NUL bytes named .csv", Buffer.from("a;b\n\u0000\u0000\n"), "data.csv"],
  ])("%s is refused with the accepted types, nothing stored", async (_label, bytes, name) => {
    const files = storedFiles().length;
    await expectRefusedUnchanged(bytes, name, 400, /not a PDF, an image/);
    expect(storedFiles()).toHaveLength(files);
  });

  it("an empty body is refused", async () => {
    await expectRefusedUnchanged(Buffer.alloc(0), "empty.pdf", 400, /empty/);
  });

  it("a body over the limit is refused with the limit, and the server still answers", async () => {
    await expectRefusedUnchanged(Buffer.alloc(EVIDENCE_LIMITS.maxBytes + 1, 0x25), "huge.pdf", 413, /10 MB/);
    expect((await fetch(`${running.baseUrl}/api/health`)).status).toBeLessThan(500);
  });

  it("a zip bomb named .xlsx is refused quickly without being inflated", async () => {
    const bomb = await zipBomb();
    expect(bomb.length).toBeLessThan(EVIDENCE_LIMITS.maxBytes);
    const started = Date.now();
    await expectRefusedUnchanged(bomb, "budget.xlsx", 400, /not a PDF, an image/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a real office document over the limit is refused with the limit, nothing stored", async () => {
    const docx = await oversizedDocx(EVIDENCE_LIMITS.maxBytes);
    expect(docx.length).toBeGreaterThan(EVIDENCE_LIMITS.maxBytes);
    const files = storedFiles().length;
    await expectRefusedUnchanged(docx, "scans.docx", 413, /10 MB/);
    expect(storedFiles()).toHaveLength(files);
  });

  it("a real DOCX that inflates to 50 MB is stored as the DOCX it is without being inflated, and downloads unchanged", async () => {
    const bomb = await docxBomb(50);
    expect(bomb.length).toBeLessThan(EVIDENCE_LIMITS.maxBytes);
    const started = Date.now();
    const { status, body } = await upload(bomb, "minutes.docx");
    expect(status).toBe(201);
    expect(Date.now() - started).toBeLessThan(5_000);
    const response = await download(body.id!);
    expect(response.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="minutes\.docx"/);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bomb);
  });

  it("a PNG named .pdf is stored as the PNG it is, downloaded as .png", async () => {
    const { status, body } = await upload(pngFile(), "scan.pdf");
    expect(status).toBe(201);
    const response = await download(body.id!);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="scan\.png"/);
  });

  it("polyglots are stored as their detected type and served only as sandboxed attachments", async () => {
    for (const [bytes, name, type] of [
      [gifPolyglot(), "x.html", "image/gif"],
      [pdfHtmlPolyglot(), "page.html", "application/pdf"],
    ] as const) {
      const { status, body } = await upload(bytes, name);
      expect(status).toBe(201);
      const response = await download(body.id!);
      expect(response.headers.get("content-type")).toBe(type);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
      expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    }
    // Only raster images are previewed inline; a PDF is not.
    const pdf = await upload(pdfFile("preview"), "p.pdf");
    expect((await fetch(`${running.baseUrl}/api/evidence/${pdf.body.id}/preview`, { headers: { cookie } })).status).toBe(415);
  });

  it("names with path separators and control characters are shown cleaned and never used as paths", async () => {
    const { status, body } = await upload(csvFile(), "../../../tmp/evil\u0000\u0007\u202e.csv");
    expect(status).toBe(201);
    const stored = running.db.$client.prepare("SELECT file_name AS name, content_type AS type FROM evidence_items WHERE id = ?").get(body.id) as { name: string; type: string };
    expect(stored).toEqual({ name: "evil.csv", type: "text/csv" });
    expect(existsSync("/tmp/evil.csv")).toBe(false);
    expect(readdirSync(dir).every((name) => /^[0-9a-f]{2}$/.test(name))).toBe(true);
  });

  it("the same file twice is stored once", async () => {
    const pdf = pdfFile("twice");
    const before = storedFiles().length;
    const first = await upload(pdf, "a.pdf");
    const second = await upload(pdf, "b.pdf");
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(storedFiles().length).toBe(before + 1);
  });

  it("a removal while a download runs: the running download completes, the next one is refused", async () => {
    const pdf = pdfFile("removed meanwhile");
    const { body } = await upload(pdf, "removed.pdf");
    const running1 = download(body.id!);
    const removal = await fetch(`${running.baseUrl}/api/trpc/evidence.remove`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: JSON.stringify({ evidenceId: body.id }),
    });
    expect(removal.status).toBe(200);
    const first = await running1;
    expect(first.status).toBe(200);
    expect(Buffer.from(await first.arrayBuffer())).toEqual(pdf);
    expect((await download(body.id!)).status).toBe(404);
  });

  it("afterwards the database and the evidence folder agree", () => {
    expect(checkEvidenceFolder(running.db, dir)).toEqual({ orphans: [], missing: [], corrupt: [] });
  });
});
