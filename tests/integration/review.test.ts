import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import { databaseChecksum } from "../support/checksum";
import { callerAs, createTestDatabase, DEMO_ACCOUNTS, seedDemo } from "../support/testDatabase";

let testDb: ReturnType<typeof createTestDatabase>;
let maria: ReturnType<typeof callerAs>;
let paolo: ReturnType<typeof callerAs>;
let eva: ReturnType<typeof callerAs>;

beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
  maria = callerAs(testDb.db, DEMO_ACCOUNTS.coordinator);
  paolo = callerAs(testDb.db, DEMO_ACCOUNTS.manager);
  eva = callerAs(testDb.db, DEMO_ACCOUNTS.evaluator);
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
  const pilot = (await maria.pilots.list())[0]!;
  const page = await maria.pilots.page({ id: pilot.id });
  const current = page.periods.find((p) => p.hasStarted && !p.isDue)!;
  const form = await maria.results.periodForm({ periodId: current.id });
  const hours = form.indicators.find((i) => i.indicator.name === "Hours of language courses delivered")!.indicator;
  return { pilot, page, current, hours };
}

const report = async (pilotId: number, periodId: number) => (await paolo.pilots.page({ id: pilotId })).periods.find((p) => p.id === periodId)!.report;

describe("the review workflow", () => {
  it("draft → submitted → returned with a comment → corrected and resubmitted → approved and locked → reopened with a reason", async () => {
    const { pilot, current, hours } = await fictional();
    expect(current.report).toMatchObject({ state: "draft", version: 0 });
    await maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    await maria.reviews.submit({ periodId: current.id, version: 0, confirmIncomplete: true });
    expect(await report(pilot.id, current.id)).toMatchObject({ state: "submitted", version: 1, lastTransitionBy: "Maria Rossi (fictional)" });
    expect((await paolo.reviews.queue()).map((q) => q.periodId)).toContain(current.id);

    // Submitted: nothing can be saved until the manager decides.
    const before = databaseChecksum(testDb.db);
    const locked = await rejection(maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 72 }] }));
    expect(locked.code).toBe("PRECONDITION_FAILED");
    expect(databaseChecksum(testDb.db)).toBe(before);

    // Only a manager returns, and only with a comment.
    expect((await rejection(maria.reviews.return({ periodId: current.id, version: 1, comment: "x" }))).code).toBe("FORBIDDEN");
    expect((await rejection(paolo.reviews.return({ periodId: current.id, version: 1, comment: "  " }))).code).toBe("BAD_REQUEST");
    await paolo.reviews.return({ periodId: current.id, version: 1, comment: "70 hours: is the evening course missing?" });
    expect(await report(pilot.id, current.id)).toMatchObject({ state: "returned", returnComment: "70 hours: is the evening course missing?" });
    expect((await paolo.reviews.queue()).map((q) => q.periodId)).not.toContain(current.id);

    await maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 75 }] });
    await maria.reviews.submit({ periodId: current.id, version: 2, confirmIncomplete: true });
    // A stale version (someone else took a step in between) is refused, showing the current state.
    const stale = await rejection(paolo.reviews.approve({ periodId: current.id, version: 2 }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain('it is now "Submitted for review" (by Maria Rossi (fictional))');
    await paolo.reviews.approve({ periodId: current.id, version: 3 });
    expect((await report(pilot.id, current.id)).state).toBe("approved");

    expect((await rejection(maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 2, value: 80 }] }))).message).toContain("approved and locked");
    expect((await rejection(maria.reviews.submit({ periodId: current.id, version: 4 }))).code).toBe("PRECONDITION_FAILED");
    expect((await rejection(maria.reviews.reopen({ periodId: current.id, version: 4, comment: "please" }))).code).toBe("FORBIDDEN");
    expect((await rejection(paolo.reviews.reopen({ periodId: current.id, version: 4, comment: "" }))).code).toBe("BAD_REQUEST");
    await paolo.reviews.reopen({ periodId: current.id, version: 4, comment: "The register of December was found." });
    expect(await report(pilot.id, current.id)).toMatchObject({ state: "draft", reopenReason: "The register of December was found." });
    await maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 2, value: 80 }] });

    const steps = testDb.db.select().from(auditLog).where(eq(auditLog.entityType, "period_report")).all();
    expect(steps.map((s) => `${s.action} by ${s.actorName}: ${JSON.parse(s.before!).state} → ${JSON.parse(s.after!).state}`)).toEqual([
      "submit by Maria Rossi (fictional): draft → submitted",
      "return by Paolo Conti (demo project manager): submitted → returned",
      "submit by Maria Rossi (fictional): returned → submitted",
      "approve by Paolo Conti (demo project manager): submitted → approved",
      "reopen by Paolo Conti (demo project manager): approved → draft",
    ]);
  });

  it("refuses steps that do not follow from the state", async () => {
    const { current } = await fictional();
    expect((await rejection(paolo.reviews.approve({ periodId: current.id, version: 0 }))).code).toBe("PRECONDITION_FAILED");
    expect((await rejection(paolo.reviews.reopen({ periodId: current.id, version: 0, comment: "why" }))).code).toBe("PRECONDITION_FAILED");
  });

  it("shows the demo data's states: approved quarters, one submitted quarter in the queue, evaluators have no queue", async () => {
    const { page } = await fictional();
    expect(page.periods.slice(0, 5).map((p) => p.report.state)).toEqual(["approved", "approved", "approved", "submitted", "draft"]);
    expect((await paolo.reviews.queue()).map((q) => q.periodLabel)).toEqual([page.periods[3]!.label]);
    expect((await rejection(eva.reviews.queue())).code).toBe("FORBIDDEN");
  });
});

describe("each result's history and conversation", () => {
  it("keeps the explanation as the first entry, then the manager's question and the reply, with author and time", async () => {
    const { current, hours } = await fictional();
    await maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 20, comment: "The teacher was ill for a month." }] });
    const resultId = (await maria.results.periodForm({ periodId: current.id })).indicators.find((i) => i.indicator.id === hours.id)!.existing!.id;
    await paolo.history.addComment({ resultId, body: "Was a substitute considered?" });
    await maria.history.addComment({ resultId, body: "Yes, none was available before December." });
    expect((await rejection(eva.history.addComment({ resultId, body: "I only read." }))).code).toBe("FORBIDDEN");
    expect((await rejection(maria.history.addComment({ resultId, body: "   " }))).code).toBe("BAD_REQUEST");
    const { thread } = await eva.history.result({ resultId });
    expect(thread.map((c) => [c.kind, c.authorName, c.body])).toEqual([
      ["explanation", "Maria Rossi (fictional)", "The teacher was ill for a month."],
      ["reply", "Paolo Conti (demo project manager)", "Was a substitute considered?"],
      ["reply", "Maria Rossi (fictional)", "Yes, none was available before December."],
    ]);
    expect(thread.every((c) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(c.at))).toBe(true);
  });

  it("shows every value a result had, before and after, and a refused save leaves no trace", async () => {
    const { current, hours } = await fictional();
    await maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: null, value: 70 }] });
    await maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 74 }] });
    const before = databaseChecksum(testDb.db);
    await rejection(maria.results.savePeriod({ periodId: current.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 99 }] }));
    expect(databaseChecksum(testDb.db)).toBe(before);
    const resultId = (await maria.results.periodForm({ periodId: current.id })).indicators.find((i) => i.indicator.id === hours.id)!.existing!.id;
    const { entries } = await eva.history.result({ resultId });
    expect(entries.map((e) => [e.action, e.actorName, e.before?.value ?? null, e.after?.value])).toEqual([
      ["change", "Maria Rossi (fictional)", 70, 74],
      ["create", "Maria Rossi (fictional)", null, 70],
    ]);
    const indicatorHistory = await eva.history.indicator({ indicatorId: hours.id });
    expect(indicatorHistory.entries.filter((e) => e.entityType === "result")).toHaveLength(2);
    const pilotHistory = await eva.history.pilot({ pilotId: (await fictional()).pilot.id });
    expect(pilotHistory.entries.length).toBeGreaterThanOrEqual(2);
  });

  it("is refused for another pilot's result", async () => {
    const luca = callerAs(testDb.db, DEMO_ACCOUNTS.lusernaCoordinator);
    const resultId = testDb.db.$client.prepare("SELECT r.id FROM results r JOIN pilots p ON p.id = r.pilot_id WHERE p.is_fictional = 1 LIMIT 1").pluck().get() as number;
    expect((await rejection(luca.history.result({ resultId }))).code).toBe("FORBIDDEN");
    expect((await rejection(luca.history.addComment({ resultId, body: "Hello" }))).code).toBe("FORBIDDEN");
  });
});
