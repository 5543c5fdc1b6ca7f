import { TRPCError } from "@trpc/server";
import type { AppDatabase } from "../../db/client";
import { evidenceItems } from "../../db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importPolicies, importRefusals, mayUploadImport, scopeField, type ImportSheet, type ImportWrite, type Meta, type Policy } from "../../server/access";
import { loadSignedInUser } from "../../server/services/sessions";
import { appRouter } from "../../server/root";
import { procedure, router, createCallerFactory } from "../../server/trpc";
import { createInnerContext } from "../../server/context";
import type { Role } from "../../shared/domain";
import { callerAs, callerFor, createTestDatabase, DEMO_ACCOUNTS, seedDemo } from "../support/testDatabase";

/*
 * The permission matrix, built from the router itself: every procedure × every role (and nobody signed
 * in) × a pilot of the person's own and somebody else's. A procedure added without a policy fails here.
 */

type Who = Role | "anonymous";
const everyone: Who[] = ["administrator", "project_manager", "pilot_coordinator", "evaluator", "anonymous"];
const accountOf: Record<Who, string | null> = {
  administrator: DEMO_ACCOUNTS.administrator,
  project_manager: DEMO_ACCOUNTS.manager,
  pilot_coordinator: DEMO_ACCOUNTS.coordinator,
  evaluator: DEMO_ACCOUNTS.evaluator,
  anonymous: null,
};

/** The rule as the issue states it, written out independently of shared/access.ts. */
const allowedOnOwn: Record<string, Role[]> = {
  read: ["administrator", "project_manager", "pilot_coordinator", "evaluator"],
  setUp: ["administrator", "project_manager"],
  enterResults: ["administrator", "pilot_coordinator"],
  review: ["administrator", "project_manager"],
  comment: ["administrator", "project_manager", "pilot_coordinator"],
};

/**
 * What each procedure of this branch must declare, reviewed by hand: a wrong declaration (say, `read` on
 * a write) fails here. Procedures added later need only their one-line policy; they are still in the matrix.
 */
const reviewedPolicies: Record<string, Policy["who"]> = {
  "auth.me": "anyone",
  "auth.demoAccounts": "anyone",
  "auth.signIn": "anyone",
  "auth.signOut": "anyone",
  "auth.signOutEverywhere": "signedIn",
  "auth.changePassword": "signedIn",
  "auth.setLanguage": "signedIn",
  "users.list": "administrator",
  "users.create": "administrator",
  "users.resetPassword": "administrator",
  "users.setActive": "administrator",
  "users.addMembership": "administrator",
  "users.removeMembership": "administrator",
  "invitations.create": "setUp",
  "invitations.pending": "setUp",
  "invitations.preview": "anyone",
  "invitations.accept": "anyone",
  "people.ofPilot": "setUp",
  "people.issueResetLink": "peopleOf",
  "people.resetLinkPreview": "anyone",
  "people.resetWithLink": "anyone",
  "settings.get": "administrator",
  "settings.update": "administrator",
  "todo.mine": "signedIn",
  "securityLog.list": "administrator",
  "projects.list": "read",
  "projects.get": "read",
  "projects.create": "createProject",
  "projects.update": "setUp",
  "projects.setArchived": "setUp",
  "pilots.list": "read",
  "pilots.get": "read",
  "pilots.create": "setUp",
  "pilots.update": "setUp",
  "pilots.setArchived": "setUp",
  "exports.periodChoices": "read",
  "exports.document": "read",
  "reports.finalReport": "read",
  "evidence.reference": "read",
  "evidence.saveReference": "setUp",
  "evidence.forPeriod": "read",
  "evidence.pilotCounts": "read",
  "evidence.annex": "read",
  "evidence.addLink": "enterResults",
  "evidence.attachFile": "enterResults",
  "evidence.remove": "enterResults",
  "evidence.file": "read",
  "programmeIndicators.catalogue": "signedIn",
  "programmeIndicators.create": "administrator",
  "programmeIndicators.addStarter": "administrator",
  "programmeIndicators.update": "administrator",
  "programmeIndicators.forProject": "read",
  "programmeIndicators.linkable": "read",
  "programmeIndicators.setTarget": "setUp",
  "programmeIndicators.link": "setUp",
  "programmeIndicators.unlink": "setUp",
  "programmeIndicators.reportPeriods": "read",
  "programmeIndicators.progressReport": "read",
  "reports.saveSection": "enterResults",
  "reports.addCommunication": "enterResults",
  "reports.updateCommunication": "enterResults",
  "reports.setCommunicationArchived": "enterResults",
  "stakeholders.register": "read",
  "stakeholders.create": "enterResults",
  "stakeholders.update": "enterResults",
  "stakeholders.setArchived": "enterResults",
  "stakeholders.savePeriod": "enterResults",
  "pilots.page": "read",
  "indicators.listByPilot": "read",
  "indicators.create": "setUp",
  "indicators.update": "setUp",
  "indicators.setArchived": "setUp",
  "results.periodForm": "read",
  "results.savePeriod": "enterResults",
  "reviews.submit": "enterResults",
  "reviews.withdraw": "enterResults",
  "reviews.completeness": "read",
  "reviews.return": "review",
  "reviews.approve": "review",
  "reviews.reopen": "review",
  "reviews.queue": "review",
  "history.result": "read",
  "history.indicator": "read",
  "history.pilot": "read",
  "history.addComment": "comment",
  "portfolio.summary": "read",
  "portfolio.needsAttention": "read",
  "exports.pilotIndicatorTable": "read",
  "exports.projectIndicatorTable": "read",
};

function expectedAllowed(policy: Policy, who: Who, own: boolean): boolean {
  if (policy.who === "anyone") return true;
  if (who === "anonymous") return false;
  if (policy.who === "signedIn") return true;
  if (who === "administrator") return true;
  if (policy.who === "administrator") return false;
  // The matrix runs with the instance settings as a new server has them: managers may not create projects.
  if (policy.who === "createProject") return false;
  // A manager looks after the accounts of their own pilots' coordinators and evaluators only.
  if (policy.who === "peopleOf") return who === "project_manager" && own;
  const roles = allowedOnOwn[policy.who]!;
  if (!roles.includes(who)) return false;
  if (policy.scope === "visible") return true;
  if (!own) return false;
  // A coordinator's role is held in one pilot: it does not cover the pilot's whole project.
  return !(who === "pilot_coordinator" && scopeField(policy.scope).kind === "project");
}

interface Ids {
  project: number;
  pilot: number;
  period: number;
  indicator: number;
  result: number;
  stakeholder: number;
  communication: number;
  evidence: number;
  /** A coordinator of the pilot (the account a reset link is for). */
  person: number;
}

let testDb: ReturnType<typeof createTestDatabase>;

/** A link as evidence, written directly: the matrix needs an id in each pilot, whatever state its periods are in. */
function linkEvidence(db: AppDatabase, pilotId: number, indicatorId: number, periodId: number): number {
  return db
    .insert(evidenceItems)
    .values({ pilotId, indicatorId, periodId, kind: "link", url: "https://example.org/sheet", addedBy: "Test", addedAt: "2026-01-01T00:00:00Z" })
    .returning({ id: evidenceItems.id })
    .get().id;
}
/** A coordinator of somebody else's pilot, whom none of the demo managers looks after. */
async function otherCoordinator(pilotId: number): Promise<number> {
  const admin = callerFor(testDb.db);
  const { id } = await admin.users.create({ email: "other.coordinator@example.org", name: "Otto Other", password: "a-long-password" });
  await admin.users.addMembership({ userId: id, role: "pilot_coordinator", projectId: null, pilotId });
  return id;
}
let own: Ids;
let other: Ids;

beforeAll(async () => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
  const admin = callerFor(testDb.db);
  const fictional = (await admin.portfolio.summary()).pilots.find((p) => p.isFictional)!;
  const page = await admin.pilots.page({ id: fictional.id });
  const resultRow = testDb.db.$client.prepare("SELECT id FROM results WHERE pilot_id = ? LIMIT 1").get(fictional.id) as { id: number };
  const ownStakeholder = await admin.stakeholders.create({ pilotId: fictional.id, organisation: "Valley library", type: "public_body" });
  const ownCommunication = await admin.reports.addCommunication({ pilotId: fictional.id, title: "Launch article", date: page.pilot.startDate, outletType: "newspaper" });
  own = {
    project: fictional.projectId,
    pilot: fictional.id,
    period: page.periods.at(-1)!.id,
    indicator: page.indicators[0]!.indicator.id,
    result: resultRow.id,
    stakeholder: ownStakeholder.id,
    communication: ownCommunication.id,
    evidence: linkEvidence(testDb.db, fictional.id, page.indicators[0]!.indicator.id, page.periods.at(-1)!.id),
    person: (testDb.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(DEMO_ACCOUNTS.coordinator) as { id: number }).id,
  };

  // Somebody else's project and pilot, where none of the demo accounts but the administrator has a role.
  const project = await admin.projects.create({ name: "Another partnership", startDate: "2026-01-01", endDate: "2026-12-31" });
  const pilot = await admin.pilots.create({ projectId: project.id, title: "Another pilot", startDate: "2026-01-01", endDate: "2026-12-31", reportingFrequency: "quarterly" });
  const indicator = await admin.indicators.create({ pilotId: pilot.id, name: "Sessions", kind: "quantitative", measure: "count", goal: 10 });
  const otherPage = await admin.pilots.page({ id: pilot.id });
  await admin.results.savePeriod({ periodId: otherPage.periods[0]!.id, entries: [{ indicatorId: indicator.id, expectedVersion: null, value: 3, comment: "Started late." }] });
  const otherResult = testDb.db.$client.prepare("SELECT id FROM results WHERE pilot_id = ?").get(pilot.id) as { id: number };
  const otherStakeholder = await admin.stakeholders.create({ pilotId: pilot.id, organisation: "Town hall", type: "public_body" });
  const otherCommunication = await admin.reports.addCommunication({ pilotId: pilot.id, title: "Radio spot", date: "2026-02-01", outletType: "radio" });
  other = {
    project: project.id,
    pilot: pilot.id,
    period: otherPage.periods.at(-1)!.id,
    indicator: indicator.id,
    result: otherResult.id,
    stakeholder: otherStakeholder.id,
    communication: otherCommunication.id,
    evidence: linkEvidence(testDb.db, pilot.id, indicator.id, otherPage.periods.at(-1)!.id),
    person: await otherCoordinator(pilot.id),
  };
});
afterAll(() => testDb.cleanup());

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta; type: string } }>);

function inputFor(policy: Policy, ids: Ids): unknown {
  if (policy.who === "peopleOf") return { [policy.scope.user]: ids.person };
  if (policy.who === "anyone" || policy.who === "signedIn" || policy.who === "administrator" || policy.who === "createProject" || policy.scope === "visible") return undefined;
  const { kind, field } = scopeField(policy.scope);
  return { [field]: ids[kind] };
}

async function outcome(path: string, who: Who, input: unknown): Promise<"allowed" | "refused"> {
  const caller = callerAs(testDb.db, accountOf[who]) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [area, name] = path.split(".") as [string, string];
  try {
    await caller[area]![name]!(input);
    return "allowed";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    // Anything but "who are you" and "not you" means the call got past the policy (and then, for these
    // deliberately incomplete inputs, usually failed validation).
    return error.code === "UNAUTHORIZED" || error.code === "FORBIDDEN" ? "refused" : "allowed";
  }
}

describe("the permission matrix", () => {
  it("every procedure declares a policy", () => {
    expect(procedures.length).toBeGreaterThan(30);
    expect(procedures.filter(([, p]) => !p._def.meta?.policy).map(([path]) => path)).toEqual([]);
  });

  it("the procedures reviewed here declare the action the issue gives them", () => {
    const declared = Object.fromEntries(procedures.filter(([path]) => path in reviewedPolicies).map(([path, p]) => [path, p._def.meta?.policy?.who]));
    expect(declared).toEqual(reviewedPolicies);
  });

  it("every procedure × every role × own and other pilot is allowed or refused as the rule says", async () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const [path, proc] of procedures) {
      const policy = proc._def.meta!.policy!;
      for (const who of everyone) {
        for (const [ownership, ids] of [
          ["own", own],
          ["other", other],
        ] as const) {
          cells++;
          const expected = expectedAllowed(policy, who, ownership === "own") ? "allowed" : "refused";
          const actual = await outcome(path, who, inputFor(policy, ids));
          if (actual !== expected) mismatches.push(`${path} as ${who} on ${ownership}: expected ${expected}, got ${actual}`);
        }
      }
    }
    console.log(`Permission matrix: ${procedures.length} procedures × ${everyone.length} roles (incl. nobody signed in) × 2 pilots = ${cells} cells`);
    expect(mismatches).toEqual([]);
    expect(cells).toBe(procedures.length * everyone.length * 2);
    // 700 cells: about 2.5 s alone on this machine, over 5 s when the whole suite shares its two cores.
  }, 30_000);

  it("refuses a procedure that forgot its policy, naming it", async () => {
    const forgetful = router({ leaky: procedure.query(() => "secret") });
    const caller = createCallerFactory(forgetful)(
      createInnerContext({
        db: testDb.db,
        user: { id: 1, email: "a@b.c", name: "A", language: null, mustChangePassword: false, memberships: [{ role: "administrator", projectId: null, pilotId: null }] },
      }),
    );
    await expect(caller.leaky()).rejects.toThrow("No access policy is declared for leaky.");
  });

  it("lists show only what the person may see", async () => {
    const pilotsOf = async (email: string) => (await callerAs(testDb.db, email).pilots.list()).map((p) => p.id).sort();
    expect(await pilotsOf(DEMO_ACCOUNTS.coordinator)).toEqual([own.pilot]);
    expect(await pilotsOf(DEMO_ACCOUNTS.manager)).not.toContain(other.pilot);
    expect(await pilotsOf(DEMO_ACCOUNTS.administrator)).toContain(other.pilot);
    const projectsOf = async (email: string) => (await callerAs(testDb.db, email).projects.list()).map((p) => p.id);
    expect(await projectsOf(DEMO_ACCOUNTS.coordinator)).toEqual([own.project]);
    expect(await projectsOf(DEMO_ACCOUNTS.evaluator)).not.toContain(other.project);
    const attention = await callerAs(testDb.db, DEMO_ACCOUNTS.lusernaCoordinator).portfolio.needsAttention();
    expect(new Set(attention.items.map((i) => i.pilot.id)).has(own.pilot)).toBe(false);
  });

  it("someone without a role yet sees empty lists, not an error", async () => {
    const admin = callerFor(testDb.db);
    await admin.users.create({ email: "new.person@example.org", name: "New Person", password: "a-long-password" });
    const newcomer = callerAs(testDb.db, "new.person@example.org");
    expect((await newcomer.portfolio.summary()).pilots).toEqual([]);
    expect(await newcomer.projects.list()).toEqual([]);
    await expect(newcomer.reviews.queue()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("a manager cannot move a pilot into a project they do not manage", async () => {
    const manager = callerAs(testDb.db, DEMO_ACCOUNTS.manager);
    const pilot = await manager.pilots.get({ id: own.pilot });
    const { id, version, archivedAt: _a, isFictional: _f, ...fields } = pilot;
    await expect(manager.pilots.update({ id, version, fields: { ...fields, projectId: other.project } })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

/*
 * The upload (POST /api/imports, server/http/importUpload.ts) is no procedure, but it is under the same
 * rules: each sheet's writes need the right of the procedure that makes them by hand.
 */
describe("the permission matrix of imports", () => {
  /** Which procedure's rule each sheet follows, written out here as in reviewedPolicies. */
  const sheetRule: Record<ImportSheet, Policy["who"]> = { projects: "administrator", pilots: "setUp", indicators: "setUp", results: "enterResults" };

  const membershipsOf = (who: Who) => {
    const email = accountOf[who];
    if (email === null) return [];
    const id = (testDb.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number }).id;
    return loadSignedInUser(testDb.db, id)!.memberships;
  };

  it("creating projects by import stays with administrators, whatever managers may create by hand", () => {
    expect(importPolicies.projects).toEqual({ who: "administrator" });
  });

  it("every sheet × every role × own and other pilot is allowed or refused as the rule says", () => {
    const mismatches: string[] = [];
    let cells = 0;
    for (const who of everyone) {
      const memberships = membershipsOf(who);
      for (const [ownership, ids] of [
        ["own", own],
        ["other", other],
      ] as const) {
        const writes: Record<ImportSheet, ImportWrite> = {
          projects: { sheet: "projects", target: null, place: "A new project", rows: [2] },
          pilots: { sheet: "pilots", target: { projectId: ids.project }, place: "A project", rows: [2] },
          indicators: { sheet: "indicators", target: { projectId: ids.project, pilotId: ids.pilot }, place: "A pilot", rows: [2, 3] },
          results: { sheet: "results", target: { projectId: ids.project, pilotId: ids.pilot }, place: "A pilot", rows: [2] },
        };
        for (const sheet of Object.keys(writes) as ImportSheet[]) {
          cells++;
          const rule = sheetRule[sheet];
          const policy: Policy =
            rule === "administrator" ? { who: rule } : { who: rule as "setUp" | "enterResults", scope: sheet === "pilots" ? { project: "projectId" } : { pilot: "pilotId" } };
          // A project the file creates belongs to nobody yet: only the administrator's rights reach it.
          const expected = sheet === "projects" ? who === "administrator" : expectedAllowed(policy, who, ownership === "own");
          const actual = importRefusals(memberships, [writes[sheet]]).length === 0;
          if (actual !== expected) mismatches.push(`${sheet} sheet as ${who} on ${ownership}: expected ${expected ? "allowed" : "refused"}`);
        }
        cells++;
        // The upload itself: into a pilot where the person enters results or sets up; whole projects for who may create them.
        const upload = mayUploadImport(memberships, { pilot: { projectId: ids.project, pilotId: ids.pilot } });
        const expectedUpload =
          expectedAllowed({ who: "enterResults", scope: { pilot: "pilotId" } }, who, ownership === "own") ||
          expectedAllowed({ who: "setUp", scope: { pilot: "pilotId" } }, who, ownership === "own");
        if (upload !== expectedUpload) mismatches.push(`upload into a pilot as ${who} on ${ownership}: expected ${expectedUpload ? "allowed" : "refused"}`);
      }
      cells++;
      if (mayUploadImport(memberships, "projects") !== (who === "administrator")) mismatches.push(`upload of whole projects as ${who}`);
    }
    console.log(`Import permission matrix: 4 sheets and the upload × ${everyone.length} roles × 2 pilots, plus whole projects = ${cells} cells`);
    expect(mismatches).toEqual([]);
  });
});
