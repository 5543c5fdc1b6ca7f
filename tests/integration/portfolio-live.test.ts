import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type AppDatabase } from "../../db/client";
import { callerFor, createTestDatabase, DEMO_TODAY, seedDemo } from "../support/testDatabase";

/*
 * The portfolio keeps its figures in memory and recomputes only the pilots that changed (pilot_changes,
 * kept by triggers). After every kind of change, what it answers must equal what a fresh connection,
 * computing everything from scratch, answers.
 */

let testDb: ReturnType<typeof createTestDatabase>;
let fresh: AppDatabase[] = [];
beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
});
afterEach(() => {
  for (const db of fresh) db.$client.close();
  fresh = [];
  testDb.cleanup();
});

async function expectLive(db: AppDatabase, path: string) {
  const cached = await callerFor(db).portfolio.summary();
  const other = openDatabase(path);
  fresh.push(other);
  const recomputed = await callerFor(other).portfolio.summary();
  expect(cached).toEqual(recomputed);
  const cachedAttention = await callerFor(db).portfolio.needsAttention();
  expect(cachedAttention).toEqual(await callerFor(other).portfolio.needsAttention());
  return cached;
}

describe("the portfolio stays live", () => {
  it("after results, indicator, pilot and project changes made through the API", async () => {
    const caller = callerFor(testDb.db);
    const before = await expectLive(testDb.db, testDb.path);
    const fictional = before.pilots.find((p) => p.isFictional && p.title.includes("Valley"))!;
    const page = await caller.pilots.page({ id: fictional.id });
    const period = page.periods.filter((p) => p.startDate <= DEMO_TODAY).at(-1)!;
    const form = await caller.results.periodForm({ periodId: period.id });

    // A save that turns an indicator underperforming.
    const target = form.indicators.find((i) => i.indicator.measure === "count")!;
    await caller.results.savePeriod({
      periodId: period.id,
      enteredBy: "Tester",
      entries: [{ indicatorId: target.indicator.id, expectedVersion: target.existing?.version ?? null, value: 0, comment: "Nothing happened this quarter." }],
    });
    const afterSave = await expectLive(testDb.db, testDb.path);
    expect(afterSave).not.toEqual(before);

    // An indicator's goal, then archiving it.
    const indicator = await caller.indicators.listByPilot({ pilotId: fictional.id }).then((list) => list.find((i) => i.id === target.indicator.id)!);
    const { id, version, createdAt: _c, updatedAt: _u, archivedAt: _a, resultCount: _r, pilotId: _p, measure: _m, cumulation: _cu, ...fields } = indicator;
    await caller.indicators.update({
      id,
      version,
      corrections: { ...fields, goal: fields.goal * 3 },
      revisionReason: { code: "programme_modification", text: "The programme approved a modification." },
    });
    await expectLive(testDb.db, testDb.path);
    await caller.indicators.setArchived({ id, archived: true });
    await expectLive(testDb.db, testDb.path);

    // The project's tolerance changes every pilot of the project.
    const project = await caller.projects.get({ id: fictional.projectId });
    const { id: projectId, version: projectVersion, name, programme, startDate, endDate } = project;
    await caller.projects.update({ id: projectId, version: projectVersion, fields: { name, programme, startDate, endDate, tolerancePercent: 1 } });
    await expectLive(testDb.db, testDb.path);

    // Archiving a pilot removes it; restoring brings it back.
    await caller.pilots.setArchived({ id: fictional.id, archived: true });
    const archived = await expectLive(testDb.db, testDb.path);
    expect(archived.pilots.some((p) => p.id === fictional.id)).toBe(false);
    await caller.pilots.setArchived({ id: fictional.id, archived: false });
    const restored = await expectLive(testDb.db, testDb.path);
    expect(restored.pilots.some((p) => p.id === fictional.id)).toBe(true);
  });

  it("after a change written by another connection, as an import or a second process would", async () => {
    const caller = callerFor(testDb.db);
    const before = await expectLive(testDb.db, testDb.path);
    const other = openDatabase(testDb.path);
    fresh.push(other);
    other.$client.prepare("UPDATE indicators SET goal = goal * 10 WHERE archived_at IS NULL").run();
    const after = await expectLive(testDb.db, testDb.path);
    expect(after).not.toEqual(before);
    expect((await caller.portfolio.summary()).pilots.map((p) => p.statusCounts)).toEqual(after.pilots.map((p) => p.statusCounts));
  });
});
