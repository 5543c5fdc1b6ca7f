import { refusal } from "../support/refusal";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog } from "../../db/schema";
import type { FieldErrors } from "../../server/errors";
import { translate } from "../../server/i18n";
import { databaseChecksum } from "../support/checksum";
import { callerAs, callerFor, createTestDatabase } from "../support/testDatabase";

/*
 * Part 5 of issue 14: review steps that protect the reviewer. Small factories on an empty database: a
 * project with a manager, a quarterly pilot with a coordinator and three indicators.
 */

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(() => testDb.cleanup());

const TODAY = "2026-11-23";

async function pilotWithThreeIndicators() {
  const admin = callerFor(testDb.db, TODAY);
  const project = await admin.projects.create({ name: "Review rules", startDate: "2020-01-01", endDate: "2021-12-31" });
  const pilot = await admin.pilots.create({ projectId: project.id, title: "Welcome desk", startDate: "2020-09-01", endDate: "2021-08-31", reportingFrequency: "quarterly" });
  const account = async (email: string, name: string, membership: { role: "project_manager"; projectId: number } | { role: "pilot_coordinator"; pilotId: number }) => {
    const user = await admin.users.create({ email, name, password: "review-password" });
    await admin.users.addMembership({ userId: user.id, ...membership });
    return callerAs(testDb.db, email, { today: TODAY });
  };
  const manager = await account("manager@review.test", "Mona Manager", { role: "project_manager", projectId: project.id });
  const coordinator = await account("coordinator@review.test", "Cora Coordinator", { role: "pilot_coordinator", pilotId: pilot.id });
  const hours = await manager.indicators.create({ pilotId: pilot.id, name: "Hours", kind: "quantitative", measure: "count", goal: 100 });
  const visitors = await manager.indicators.create({ pilotId: pilot.id, name: "Visitors", kind: "quantitative", measure: "count", goal: 40 });
  const volunteers = await manager.indicators.create({ pilotId: pilot.id, name: "Volunteers", kind: "quantitative", measure: "count", goal: 12 });
  const quarter = (await coordinator.pilots.page({ id: pilot.id })).periods[0]!;
  // A quarter of the pilot has passed at its end: 30 hours, 12 visitors and 4 volunteers are on track.
  const save = (values: Partial<Record<"hours" | "visitors" | "volunteers", number>>) =>
    coordinator.results.savePeriod({
      periodId: quarter.id,
      entries: Object.entries(values).map(([name, value]) => ({ indicatorId: { hours, visitors, volunteers }[name as "hours"].id, expectedVersion: null, value })),
    });
  return { admin, manager, coordinator, pilot, quarter, hours, visitors, volunteers, save };
}

const reviewLines = () => testDb.db.select().from(auditLog).where(eq(auditLog.entityType, "period_report")).all();

describe("submitting a period for review", () => {
  it("refuses a period with no result at all, and changes nothing", async () => {
    const { coordinator, quarter } = await pilotWithThreeIndicators();
    const before = databaseChecksum(testDb.db);
    const empty = await refusal(coordinator.reviews.submit({ periodId: quarter.id, version: 0, confirmIncomplete: true }));
    expect(empty.code).toBe("PRECONDITION_FAILED");
    expect(empty.message).toBe("This period has no result yet: there is nothing to review. Enter its results first.");
    expect(databaseChecksum(testDb.db)).toBe(before);
  });

  it("asks for an explicit confirmation of an incomplete period and names the indicators without a result", async () => {
    const { coordinator, quarter, save } = await pilotWithThreeIndicators();
    await save({ hours: 30 });
    const before = databaseChecksum(testDb.db);
    const unconfirmed = await refusal(coordinator.reviews.submit({ periodId: quarter.id, version: 0 }));
    expect(unconfirmed.code).toBe("BAD_REQUEST");
    expect(unconfirmed.message).toBe('2 indicators have no result for this period: "Visitors", "Volunteers". Confirm that you want to submit it incomplete.');
    expect(Object.keys((unconfirmed.cause as FieldErrors).fieldErrors)).toEqual(["confirmIncomplete"]);
    expect(translate("it", (unconfirmed.cause as FieldErrors).userMessage)).toContain('2 indicatori non hanno risultati per questo periodo: "Visitors", "Volunteers"');
    expect(databaseChecksum(testDb.db)).toBe(before);

    await coordinator.reviews.submit({ periodId: quarter.id, version: 0, confirmIncomplete: true });
    const [line] = reviewLines();
    expect(line).toMatchObject({ action: "submit", actorName: "Cora Coordinator" });
    expect(JSON.parse(line!.after!)).toMatchObject({ state: "submitted", reported: 1, expected: 3, missing: "Visitors, Volunteers" });
  });

  it("submits a complete period without asking", async () => {
    const { coordinator, quarter, save } = await pilotWithThreeIndicators();
    await save({ hours: 30, visitors: 12, volunteers: 4 });
    await expect(coordinator.reviews.submit({ periodId: quarter.id, version: 0 })).resolves.toMatchObject({ state: "submitted", version: 1 });
  });
});

describe("completeness on the review queue and the review page", () => {
  it("shows n of m active indicators reported, which are missing, and the results that lack the comment their status needs", async () => {
    const { manager, coordinator, pilot, quarter, hours, volunteers, save } = await pilotWithThreeIndicators();
    await save({ hours: 30, visitors: 12 });
    // The goal is corrected after the report: 30 hours are now far below the expected progress, and unexplained.
    const row = (await manager.indicators.listByPilot({ pilotId: pilot.id })).find((i) => i.id === hours.id)!;
    await manager.indicators.update({
      id: hours.id,
      version: row.version,
      corrections: { name: row.name, kind: row.kind, goal: 400 },
      revisionReason: { code: "programme_modification", text: "The programme approved a modification." },
    });
    await coordinator.reviews.submit({ periodId: quarter.id, version: 0, confirmIncomplete: true });

    const [item] = await manager.reviews.queue();
    expect(item!.completeness).toEqual({
      expected: 3,
      reported: 2,
      missing: [{ id: volunteers.id, name: "Volunteers" }],
      unexplained: [{ id: hours.id, name: "Hours" }],
    });
    expect(await manager.reviews.completeness({ periodId: quarter.id })).toEqual(item!.completeness);

    // Archived indicators are not expected.
    await manager.indicators.setArchived({ id: volunteers.id, archived: true });
    expect(await coordinator.reviews.completeness({ periodId: quarter.id })).toMatchObject({ expected: 2, reported: 2, missing: [] });
  });
});

describe("withdrawing a submission", () => {
  it("takes a submission nobody reviewed back to draft, with an audit line, so the coordinator can correct it", async () => {
    const { manager, coordinator, quarter, hours, save } = await pilotWithThreeIndicators();
    await save({ hours: 30, visitors: 12, volunteers: 4 });
    await coordinator.reviews.submit({ periodId: quarter.id, version: 0 });
    await expect(coordinator.reviews.withdraw({ periodId: quarter.id, version: 1 })).resolves.toEqual({ state: "draft", version: 2 });
    expect(await manager.reviews.queue()).toEqual([]);
    await coordinator.results.savePeriod({ periodId: quarter.id, entries: [{ indicatorId: hours.id, expectedVersion: 1, value: 32 }] });
    expect(reviewLines().map((l) => `${l.action} by ${l.actorName}: ${JSON.parse(l.before!).state} → ${JSON.parse(l.after!).state}`)).toEqual([
      "submit by Cora Coordinator: draft → submitted",
      "withdraw by Cora Coordinator: submitted → draft",
    ]);
  });

  it("is refused once a reviewer has acted: approved, returned, or replied on one of its results", async () => {
    const { manager, coordinator, quarter, hours, save } = await pilotWithThreeIndicators();
    await save({ hours: 30, visitors: 12, volunteers: 4 });
    await coordinator.reviews.submit({ periodId: quarter.id, version: 0 });
    // Only someone who may submit withdraws.
    expect((await refusal(manager.reviews.withdraw({ periodId: quarter.id, version: 1 }))).code).toBe("FORBIDDEN");

    await manager.reviews.return({ periodId: quarter.id, version: 1, comment: "Check the hours." });
    // A coordinator who opened the page before the return is told what happened.
    expect((await refusal(coordinator.reviews.withdraw({ periodId: quarter.id, version: 1 }))).code).toBe("CONFLICT");
    expect((await refusal(coordinator.reviews.withdraw({ periodId: quarter.id, version: 2 }))).code).toBe("PRECONDITION_FAILED");

    await coordinator.reviews.submit({ periodId: quarter.id, version: 2 });
    const resultId = testDb.db.$client.prepare("SELECT id FROM results WHERE indicator_id = ? AND period_id = ?").pluck().get(hours.id, quarter.id) as number;
    await manager.history.addComment({ resultId, body: "Which courses are in these hours?" });
    const replied = await refusal(coordinator.reviews.withdraw({ periodId: quarter.id, version: 3 }));
    expect(replied.code).toBe("PRECONDITION_FAILED");
    expect(replied.message).toContain("can no longer be withdrawn");

    await manager.reviews.approve({ periodId: quarter.id, version: 3 });
    expect((await refusal(coordinator.reviews.withdraw({ periodId: quarter.id, version: 4 }))).message).toContain('cannot take the step "Withdraw submission"');
    expect(reviewLines().filter((l) => l.action === "withdraw")).toEqual([]);
  });

  it("still allows withdrawing when only the coordinator wrote in the threads", async () => {
    const { coordinator, quarter, hours, save } = await pilotWithThreeIndicators();
    await save({ hours: 30, visitors: 12, volunteers: 4 });
    await coordinator.reviews.submit({ periodId: quarter.id, version: 0 });
    const resultId = testDb.db.$client.prepare("SELECT id FROM results WHERE indicator_id = ? AND period_id = ?").pluck().get(hours.id, quarter.id) as number;
    await coordinator.history.addComment({ resultId, body: "Two courses are still missing from the register." });
    await expect(coordinator.reviews.withdraw({ periodId: quarter.id, version: 1 })).resolves.toMatchObject({ state: "draft" });
    expect(
      testDb.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, "period_report"), eq(auditLog.action, "withdraw")))
        .all(),
    ).toHaveLength(1);
  });
});
