import fc from "fast-check";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../../server/root";
import { databaseChecksum } from "../support/checksum";
import { callerFor, createTestDatabase, seedDemo } from "../support/testDatabase";

/*
 * Every tRPC mutation gets random and adversarial input. A refused call must come back as a typed error
 * with a readable message (never an internal error, never SQL or a stack) and leave every table exactly
 * as it was. An accepted call must leave no non-finite number in the database.
 */

let testDb: ReturnType<typeof createTestDatabase>;
beforeAll(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
});
afterAll(() => testDb.cleanup());

const RUNS_PER_MUTATION = 80;
let casesRun = 0;

const megabyte = "x".repeat(1_000_000);
/** Values that have broken software before. */
const adversarial = fc.constantFrom<unknown>(
  Number.NaN,
  Infinity,
  -Infinity,
  -0,
  1e308,
  -1e308,
  1.7976931348623157e308,
  5e-324,
  -1,
  -1000,
  0.5,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "   \t ",
  megabyte,
  "\u0000",
  "a\u0000b",
  "\u0007\u001b[31m",
  "\r\n",
  "\u202eevil\u202c",
  "مرحبا بالعالم",
  "👩‍👩‍👧‍👦🇮🇹",
  "'; DROP TABLE results; --",
  "1; DELETE FROM projects",
  "<script>alert(1)</script>",
  '=HYPERLINK("http://x")',
  "2021-02-30",
  "2021-13-01",
  "9999-12-31",
  "0000-00-00",
  "eight",
  "8,6",
  null,
  undefined,
  true,
  false,
  [],
  {},
  [1, 2],
  { $gt: 0 },
  { __proto__: { polluted: true } },
  "__proto__",
  "constructor",
);

/** A valid input for each mutation, on the demo data; a new mutation without one fails the test below. */
interface Ids {
  projectId: number;
  pilotId: number;
  indicatorId: number;
  periodId: number;
  resultId: number;
  userId: number;
  stakeholderId: number;
  communicationId: number;
  programmeIndicatorId: number;
}

function validInputs(ids: Ids): Record<string, unknown> {
  const project = { name: "Project", programme: "Interreg", startDate: "2024-01-01", endDate: "2026-12-31", tolerancePercent: 15 };
  const pilot = {
    projectId: ids.projectId,
    title: "Pilot",
    partnerOrganisation: "Partner",
    location: "Town",
    country: "IT",
    startDate: "2024-01-01",
    endDate: "2026-12-31",
    reportingFrequency: "quarterly",
    coordinatorName: "Ana",
    coordinatorEmail: "ana@example.org",
    description: "",
  };
  const indicator = {
    pilotId: ids.pilotId,
    code: null,
    name: "Hours",
    kind: "quantitative",
    measure: "count",
    cumulation: "increments",
    unit: "hours",
    baseline: 0,
    goal: 10,
    goalDirection: "at_least",
    goalText: "",
    scaleMin: null,
    scaleMax: null,
  };
  return {
    "projects.create": project,
    "projects.update": { id: ids.projectId, version: 1, fields: project },
    "projects.setArchived": { id: ids.projectId, archived: true },
    "pilots.create": pilot,
    "pilots.update": { id: ids.pilotId, version: 1, fields: pilot },
    "pilots.setArchived": { id: ids.pilotId, archived: true },
    "indicators.create": indicator,
    "indicators.update": {
      id: ids.indicatorId,
      version: 1,
      corrections: {
        code: null,
        name: "Hours",
        kind: "quantitative",
        unit: "hours",
        baseline: 0,
        goal: 10,
        goalDirection: "at_least",
        goalText: "",
        scaleMin: null,
        scaleMax: null,
      },
      fixed: { measure: "count", cumulation: "increments" },
    },
    "indicators.setArchived": { id: ids.indicatorId, archived: true },
    "results.savePeriod": { periodId: ids.periodId, enteredBy: "Ana", entries: [{ indicatorId: ids.indicatorId, expectedVersion: null, value: 5, comment: "" }] },
    "auth.signIn": { email: "nobody@example.org", password: "not-the-password" },
    "auth.signOut": undefined,
    "auth.signOutEverywhere": undefined,
    "auth.changePassword": { currentPassword: "not-the-password", newPassword: "a-new-long-password-2026" },
    "auth.setLanguage": { language: "it" },
    "users.create": { email: "new.person@example.org", name: "New Person", password: "" },
    "users.resetPassword": { id: ids.userId },
    "users.setActive": { id: ids.userId, version: 1, active: false },
    "users.addMembership": { userId: ids.userId, role: "evaluator", projectId: ids.projectId, pilotId: null },
    "users.removeMembership": { id: 999_999 },
    "invitations.create": { pilotId: ids.pilotId, email: "invited.person@example.org", name: "Invited Person", role: "pilot_coordinator" },
    "tokens.create": { name: "Survey tool", scope: "read_write", expiresInDays: 30 },
    "tokens.revoke": { id: 999_999 },
    "evidence.saveReference": { indicatorId: ids.indicatorId, fields: { meansOfVerification: "Signed attendance sheets" }, version: 0 },
    "evidence.addLink": { indicatorId: ids.indicatorId, periodId: ids.periodId, url: "https://example.org/attendance", description: "Attendance" },
    "evidence.attachFile": { indicatorId: ids.indicatorId, periodId: ids.periodId, fileName: "sheet.pdf", description: "", bytes: new TextEncoder().encode("%PDF-1.4\n%%EOF\n") },
    "evidence.remove": { evidenceId: 999_999 },
    "invitations.accept": { token: "not-a-token-of-any-invitation-0000", password: "a-new-long-password-2026" },
    "reviews.submit": { periodId: ids.periodId, version: 1, comment: "" },
    "reviews.withdraw": { periodId: ids.periodId, version: 1, comment: "" },
    "reviews.return": { periodId: ids.periodId, version: 1, comment: "Please check the hours." },
    "reviews.approve": { periodId: ids.periodId, version: 1, comment: "" },
    "reviews.reopen": { periodId: ids.periodId, version: 1, comment: "A correction came in." },
    "history.addComment": { resultId: ids.resultId, body: "Why so low this quarter?" },
    "reports.saveSection": { pilotId: ids.pilotId, sectionKey: "1", expectedVersion: null, contentHtml: "<p>What we did.</p>", updatedBy: "Ana" },
    "reports.addCommunication": { pilotId: ids.pilotId, title: "Radio interview", date: "2026-01-10", outletType: "radio", outletName: "Radio Valley", link: "" },
    "reports.updateCommunication": {
      id: ids.communicationId,
      version: 1,
      fields: { pilotId: ids.pilotId, title: "Article", date: "2026-01-10", outletType: "newspaper", outletName: "Gazette", link: "" },
    },
    "reports.setCommunicationArchived": { id: ids.communicationId, archived: true },
    "stakeholders.create": { pilotId: ids.pilotId, organisation: "Valley library", type: "public_body", contact: "", notes: "" },
    "stakeholders.update": { id: ids.stakeholderId, version: 1, fields: { pilotId: ids.pilotId, organisation: "Valley school", type: "school", contact: "", notes: "" } },
    "stakeholders.setArchived": { id: ids.stakeholderId, archived: true },
    "imports.commit": { jobId: "5b0d8f3e-2a8f-4c41-9d1e-6a3c2b7e9f10", token: "preview-token" },
    "imports.discard": { jobId: "5b0d8f3e-2a8f-4c41-9d1e-6a3c2b7e9f10" },
    "people.issueResetLink": { userId: ids.userId },
    "people.resetWithLink": { token: "not-a-token-of-any-reset-link-00000", password: "a-new-long-password-2026" },
    "settings.update": { managersCreateProjects: true, version: 1 },
    "notices.setPreferences": { choices: [{ kind: "dueSoon", delivery: "daily" }] },
    "notices.unsubscribe": { token: "1.dueSoon.not-a-signature" },
    "programmeIndicators.create": {
      code: "PSI 9",
      name: "Local services adapted",
      level: "output",
      unit: "services",
      definition: "",
      measurementTime: "during",
      aggregation: "sum",
    },
    "programmeIndicators.addStarter": { code: "RCO 84" },
    "programmeIndicators.update": {
      id: ids.programmeIndicatorId,
      version: 1,
      fields: { code: "PSI 1", name: "Services co-designed", level: "result", unit: "services", definition: "", measurementTime: "upon_finalisation", aggregation: "sum" },
    },
    "programmeIndicators.setTarget": { projectId: ids.projectId, programmeIndicatorId: ids.programmeIndicatorId, target: 12, version: 0 },
    "programmeIndicators.link": { indicatorId: ids.indicatorId, programmeIndicatorId: ids.programmeIndicatorId, rule: "value" },
    "programmeIndicators.unlink": { indicatorId: ids.indicatorId, programmeIndicatorId: ids.programmeIndicatorId },
    "stakeholders.savePeriod": { periodId: ids.periodId, enteredBy: "Ana", entries: [{ stakeholderId: ids.stakeholderId, involved: true, plansToContinue: true }], comment: "" },
  };
}

/** Every path to a leaf of a JSON-like value. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  // A file's bytes are one value, not thousands of fields.
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, v]) => leafPaths(v, [...prefix, key]))];
}

function withValueAt(base: unknown, path: (string | number)[], value: unknown, mode: "replace" | "delete" | "extra"): unknown {
  const copy = structuredClone(base);
  if (path.length === 0) return mode === "replace" ? value : copy;
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (mode === "delete") delete target[last];
  else if (mode === "extra" && typeof target === "object") (target as Record<string, unknown>).unexpectedField = value;
  else target[last] = value;
  return copy;
}

function nonFiniteNumbers(): number {
  let count = 0;
  const tables = testDb.db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  for (const { name } of tables) {
    const columns = (testDb.db.$client.prepare(`SELECT name, type FROM pragma_table_info('${name}')`).all() as { name: string; type: string }[]).filter((c) =>
      /REAL|INT/i.test(c.type),
    );
    for (const column of columns) {
      count += (testDb.db.$client.prepare(`SELECT count(*) AS n FROM "${name}" WHERE abs("${column.name}") > 1e300`).get() as { n: number }).n;
    }
  }
  return count;
}

async function expectTypedRefusalOrSoundSuccess(path: string, input: unknown) {
  casesRun++;
  // A refused sign-in is written to the security log on purpose; nothing else may change.
  const except = path === "auth.signIn" ? ["security_log"] : [];
  const before = databaseChecksum(testDb.db, { except });
  const [router, procedure] = path.split(".") as [string, string];
  const caller = callerFor(testDb.db) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  try {
    await caller[router]![procedure]!(input);
  } catch (error) {
    expect(error, `${path} threw something that is not a tRPC error`).toBeInstanceOf(TRPCError);
    const trpcError = error as TRPCError;
    expect(trpcError.code, `${path}: ${trpcError.message}`).not.toBe("INTERNAL_SERVER_ERROR");
    expect(trpcError.message.length).toBeGreaterThan(0);
    expect(trpcError.message).not.toMatch(/SQLITE|sqlite|at .*\.ts:\d+/);
    expect(databaseChecksum(testDb.db, { except }), `${path} refused the input but changed the database`).toBe(before);
    return;
  }
  expect(nonFiniteNumbers(), `${path} stored a non-finite or absurd number`).toBe(0);
}

describe("hostile input to every mutation", () => {
  const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)
    .filter(([, procedure]) => procedure._def.type === "mutation")
    .map(([path]) => path);

  let ids: Ids;
  beforeAll(async () => {
    const caller = callerFor(testDb.db);
    const summary = await caller.portfolio.summary();
    const pilot = summary.pilots.find((p) => p.isFictional && p.title.includes("Valley"))!;
    const page = await caller.pilots.page({ id: pilot.id });
    const spare = await caller.users.create({ email: "spare.person@example.org", name: "Spare Person", password: "" });
    const stakeholder = await caller.stakeholders.create({ pilotId: pilot.id, organisation: "Valley association", type: "ngo" });
    const communication = await caller.reports.addCommunication({ pilotId: pilot.id, title: "Launch", date: "2026-01-05", outletType: "newspaper" });
    const programmeIndicator = await caller.programmeIndicators.create({
      code: "PSI 1",
      name: "Services co-designed",
      level: "output",
      unit: "services",
      definition: "",
      measurementTime: "during",
      aggregation: "sum",
    });
    const result = testDb.db.$client.prepare("SELECT id FROM results WHERE pilot_id = ? LIMIT 1").get(pilot.id) as { id: number };
    ids = {
      projectId: pilot.projectId,
      pilotId: pilot.id,
      indicatorId: page.indicators[0]!.indicator.id,
      periodId: page.periods.filter((p) => p.hasStarted).at(-1)!.id,
      resultId: result.id,
      userId: (spare as { id: number }).id,
      stakeholderId: stakeholder.id,
      communicationId: communication.id,
      programmeIndicatorId: programmeIndicator.id,
    };
  });

  it("has a valid example for every mutation", () => {
    expect(mutations.length).toBeGreaterThan(5);
    const examples = validInputs({ projectId: 1, pilotId: 1, indicatorId: 1, periodId: 1, resultId: 1, userId: 1, stakeholderId: 1, communicationId: 1, programmeIndicatorId: 1 });
    expect(mutations.filter((path) => !(path in examples))).toEqual([]);
  });

  it("answers one wrong value, a missing field or an extra field with a typed error and no change", async () => {
    for (const path of mutations) {
      const base = validInputs(ids)[path];
      const paths = leafPaths(base);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          adversarial,
          fc.constantFrom<"replace" | "delete" | "extra">("replace", "replace", "delete", "extra"),
          async (at, value, mode) => {
            await expectTypedRefusalOrSoundSuccess(path, withValueAt(base, at, value, mode));
          },
        ),
        { numRuns: RUNS_PER_MUTATION, seed: 20261123 },
      );
    }
  }, 300_000);

  it("answers completely random input with a typed error and no change", async () => {
    for (const path of mutations) {
      await fc.assert(
        fc.asyncProperty(fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true }), async (input) => {
          await expectTypedRefusalOrSoundSuccess(path, input);
        }),
        { numRuns: 30, seed: 20261124 },
      );
    }
  }, 300_000);

  afterAll(() => console.log(`hostile input: ${casesRun} cases over ${mutations.length} mutations`));
});
