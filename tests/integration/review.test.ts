import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { databaseChecksum } from "../support/checksum";
import { factories } from "../support/factories";
import { callerAs, createTestDatabase, DEMO_ACCOUNTS, seedDemo } from "../support/testDatabase";

type Account = Awaited<ReturnType<ReturnType<typeof factories>["account"]>>;
let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;
/** The pilot's coordinator, the project's manager and its evaluator. */
let coordinator: Account, manager: Account, evaluator: Account;
let asCoordinator: Account["caller"];
let asManager: Account["caller"];
let asEvaluator: Account["caller"];
let underReview: Awaited<ReturnType<typeof pilotUnderReview>>;

/** A pilot with four quarters due and the fifth running, one count indicator, and the people who review it. */
async function pilotUnderReview() {
  const { pilot, current, periods } = await make.pilot({ periodsDue: 4 });
  const hours = await make.indicator(pilot.id, { unit: "hours", goal: 80 });
  return { pilot, current, periods, hours };
}

beforeEach(async () => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
  underReview = await pilotUnderReview();
  coordinator = await make.account("pilot_coordinator", { pilotId: underReview.pilot.id });
  manager = await make.account("project_manager", { projectId: underReview.pilot.projectId });
  evaluator = await make.account("evaluator", { projectId: underReview.pilot.projectId });
  asCoordinator = coordinator.caller;
  asManager = manager.caller;
  asEvaluator = evaluator.caller;
});
afterEach(() => testDb.cleanup());

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("Expected the call to be refused");
}

async function fictional() {
  const { pilot, hours } = underReview;
  const page = await asCoordinator.pilots.page({ id: pilot.id });
  const current = page.periods.find((p) => p.id === underReview.current.id)!;
  return { pilot, page, current, hours };
}

const report = async (pilotId: number, periodId: number) => (await asManager.pilots.page({ id: pilotId })).periods.find((p) => p.id === periodId)!.report;

describe("the review workflow", () => {
  it("draft → submitted → returned with a comment → corrected and resubmitted → approved and locked → reopened with a reason", async () => {
    const { pilot, current, hours } = await fictional();
    expect(current.report).toMatchObject({ state: "draft", version: 0 });
    await asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    await asCoordinator.reviews.submit({ periodId: current.id, version: 0, confirmIncomplete: true });
    expect(await report(pilot.id, current.id)).toMatchObject({ state: "submitted", version: 1, lastTransitionBy: coordinator.name });
    expect((await asManager.reviews.queue()).map((q) => q.periodId)).toContain(current.id);

    // Submitted: nothing can be saved until the manager decides.
    const before = databaseChecksum(testDb.db);
    const locked = await rejection(asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 72 }] }));
    expect(locked.code).toBe("PRECONDITION_FAILED");
    expect(databaseChecksum(testDb.db)).toBe(before);

    // Only a manager returns, and only with a comment.
    expect((await rejection(asCoordinator.reviews.return({ periodId: current.id, version: 1, comment: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(asManager.reviews.return({ periodId: current.id, version: 1, comment: "  " }))).code).toBe("BAD_REQUEST");
    await asManager.reviews.return({ periodId: current.id, version: 1, comment: "70 hours: is the evening course missing?" });
    expect(await report(pilot.id, current.id)).toMatchObject({ state: "returned", returnComment: "70 hours: is the evening course missing?" });
    expect((await asManager.reviews.queue()).map((q) => q.periodId)).not.toContain(current.id);

    await asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 75 }] });
    await asCoordinator.reviews.submit({ periodId: current.id, version: 2, confirmIncomplete: true });
    // A stale version (someone else took a step in between) is refused, showing the current state.
    const stale = await rejection(asManager.reviews.approve({ periodId: current.id, version: 2 }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain(`it is now "Submitted for review" (by ${coordinator.name})`);
    await asManager.reviews.approve({ periodId: current.id, version: 3 });
    expect((await report(pilot.id, current.id)).state).toBe("approved");

    expect((await rejection(asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 2, value: 80 }] }))).message).toContain(
      "approved and locked",
    );
    expect((await rejection(asCoordinator.reviews.submit({ periodId: current.id, version: 4 }))).code).toBe("PRECONDITION_FAILED");
    expect((await rejection(asCoordinator.reviews.reopen({ periodId: current.id, version: 4, comment: "please" }))).code).toBe("FORBIDDEN");
    expect((await rejection(asManager.reviews.reopen({ periodId: current.id, version: 4, comment: "" }))).code).toBe("BAD_REQUEST");
    await asManager.reviews.reopen({ periodId: current.id, version: 4, comment: "The register of December was found." });
    expect(await report(pilot.id, current.id)).toMatchObject({ state: "draft", reopenReason: "The register of December was found." });
    await asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 2, value: 80 }] });

    const steps = testDb.db.select().from(auditLog).where(eq(auditLog.entityType, "period_report")).all();
    expect(steps.map((s) => `${s.action} by ${s.actorName}: ${JSON.parse(s.before!).state} → ${JSON.parse(s.after!).state}`)).toEqual([
      `submit by ${coordinator.name}: draft → submitted`,
      `return by ${manager.name}: submitted → returned`,
      `submit by ${coordinator.name}: returned → submitted`,
      `approve by ${manager.name}: submitted → approved`,
      `reopen by ${manager.name}: approved → draft`,
    ]);
  });

  it("refuses steps that do not follow from the state", async () => {
    const { current } = await fictional();
    expect((await rejection(asManager.reviews.approve({ periodId: current.id, version: 0 }))).code).toBe("PRECONDITION_FAILED");
    expect((await rejection(asManager.reviews.reopen({ periodId: current.id, version: 0, comment: "why" }))).code).toBe("PRECONDITION_FAILED");
  });
});

describe("each result's history and conversation", () => {
  it("keeps the explanation as the first entry, then the manager's question and the reply, with author and time", async () => {
    const { current, hours } = await fictional();
    await asCoordinator.results.savePeriod({
      periodId: current.id,
      entries: [{ indicatorId: hours.id, expectedVersion: null, value: 20, comment: "The teacher was ill for a month." }],
    });
    const resultId = (await asCoordinator.results.periodForm({ periodId: current.id })).indicators.find((i) => i.indicator.id === hours.id)!.existing!.id;
    await asManager.history.addComment({ resultId, body: "Was a substitute considered?" });
    await asCoordinator.history.addComment({ resultId, body: "Yes, none was available before December." });
    expect((await rejection(asEvaluator.history.addComment({ resultId, body: "I only read." }))).code).toBe("FORBIDDEN");
    expect((await rejection(asCoordinator.history.addComment({ resultId, body: "   " }))).code).toBe("BAD_REQUEST");
    const { thread } = await asEvaluator.history.result({ resultId });
    expect(thread.map((c) => [c.kind, c.authorName, c.body])).toEqual([
      ["explanation", coordinator.name, "The teacher was ill for a month."],
      ["reply", manager.name, "Was a substitute considered?"],
      ["reply", coordinator.name, "Yes, none was available before December."],
    ]);
    expect(thread.every((c) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(c.at))).toBe(true);
  });

  it("shows every value a result had, before and after, and a refused save leaves no trace", async () => {
    const { current, hours } = await fictional();
    await asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    await asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 74 }] });
    const before = databaseChecksum(testDb.db);
    await rejection(asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 99 }] }));
    expect(databaseChecksum(testDb.db)).toBe(before);
    const resultId = (await asCoordinator.results.periodForm({ periodId: current.id })).indicators.find((i) => i.indicator.id === hours.id)!.existing!.id;
    const { entries } = await asEvaluator.history.result({ resultId });
    expect(entries.map((e) => [e.action, e.actorName, e.before?.value ?? null, e.after?.value])).toEqual([
      ["change", coordinator.name, 70, 74],
      ["create", coordinator.name, null, 70],
    ]);
    const indicatorHistory = await asEvaluator.history.indicator({ indicatorId: hours.id });
    expect(indicatorHistory.entries.filter((e) => e.entityType === "result")).toHaveLength(2);
    const pilotHistory = await asEvaluator.history.pilot({ pilotId: (await fictional()).pilot.id });
    expect(pilotHistory.entries.length).toBeGreaterThanOrEqual(2);
  });

  it("is refused for another pilot's result", async () => {
    const { current, hours } = await fictional();
    await asCoordinator.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    const resultId = (await asCoordinator.results.periodForm({ periodId: current.id })).indicators.find((i) => i.indicator.id === hours.id)!.existing!.id;
    const elsewhere = await make.pilot();
    const otherCoordinator = await make.account("pilot_coordinator", { pilotId: elsewhere.pilot.id });
    expect((await rejection(otherCoordinator.caller.history.result({ resultId }))).code).toBe("FORBIDDEN");
    expect((await rejection(otherCoordinator.caller.history.addComment({ resultId, body: "Hello" }))).code).toBe("FORBIDDEN");
  });
});

describe("the demo data's review states", () => {
  it("has approved quarters, one submitted quarter in the queue, and evaluators have no queue", async () => {
    const demo = createTestDatabase();
    try {
      seedDemo(demo.db);
      const demoManager = callerAs(demo.db, DEMO_ACCOUNTS.manager);
      const fictionalPilot = (await callerAs(demo.db, DEMO_ACCOUNTS.coordinator).pilots.list())[0]!;
      const page = await demoManager.pilots.page({ id: fictionalPilot.id });
      expect(page.periods.slice(0, 5).map((p) => p.report.state)).toEqual(["approved", "approved", "approved", "submitted", "draft"]);
      expect((await demoManager.reviews.queue()).map((q) => q.periodLabel)).toEqual([page.periods[3]!.label]);
      expect((await rejection(callerAs(demo.db, DEMO_ACCOUNTS.evaluator).reviews.queue())).code).toBe("FORBIDDEN");
    } finally {
      demo.cleanup();
    }
  });
});
