import { translate } from "../../server/i18n";
import { results, stakeholderPeriods } from "../../db/schema";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerFor, createTestDatabase, seedDemo } from "../support/testDatabase";

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(() => testDb.cleanup());

describe("demo data", () => {
  it("shows the Luserna pilot's final results: 9 of 11 achieved, two flagged, one without explanation", async () => {
    seedDemo(testDb.db);
    const caller = callerFor(testDb.db);
    const { pilots } = await caller.portfolio.summary();
    const luserna = pilots.find((p) => p.title.startsWith("HOME"))!;
    expect(luserna.statusCounts).toMatchObject({ achieved: 9, at_risk: 1, underperforming: 1 });
    const page = await caller.pilots.page({ id: luserna.id });
    const byName = new Map(page.indicators.map((i) => [i.indicator.name, i]));
    const tutoring = byName.get("Number of tutoring hours for migrants")!;
    expect(tutoring.progress).toMatchObject({ status: "at_risk", current: 225, isFinal: true });
    expect(tutoring.progress.percentOfGoal).toBeCloseTo(97.83, 2);
    expect(tutoring.explanationMissing).toBe(true);
    const rental = byName.get("Number of migrants who are informed of a rental guarantee opportunity")!;
    expect(rental.progress.status).toBe("underperforming");
    expect(rental.explanationMissing).toBe(false);
    expect(rental.comments[0]!.comment).toContain("guarantee funds");
    expect(byName.get("Level of stakeholders' involvement")!.progress.current).toBeCloseTo(65.22, 2);
  });

  // The fictional pilot's dates follow the day the demo is loaded; its story must hold on any day.
  it.each(["2026-01-31", "2026-03-01", "2026-11-23", "2027-02-28", "2028-02-29", "2028-12-31"])("the fictional pilot shows every status when loaded on %s", async (today) => {
    seedDemo(testDb.db, today);
    const caller = callerFor(testDb.db, today);
    const { pilots } = await caller.portfolio.summary();
    const fictional = pilots.find((p) => p.isFictional)!;
    expect(fictional.statusCounts).toEqual({ achieved: 1, on_track: 4, at_risk: 2, underperforming: 1, not_reported: 1, not_yet_due: 0, due_at_end: 0 });
    const page = await caller.pilots.page({ id: fictional.id });
    expect(page.periods.filter((p) => p.isDue)).toHaveLength(4);
    expect(page.periods).toHaveLength(8);
    expect(page.indicators.some((i) => i.explanationMissing)).toBe(false);
    // The early warning's story: exactly one indicator on track today is likely to miss its goal by the end.
    const onTrackButMissing = page.indicators.filter((i) => i.progress.status === "on_track" && i.projection.kind === "count" && i.projection.likelyToMiss);
    expect(onTrackButMissing.map((i) => i.indicator.name)).toEqual(["Hours of language courses delivered"]);
  });

  // Issue 23's kinds once each, in their own fictional project; the story holds on any day.
  it.each(["2026-01-31", "2026-03-01", "2027-02-28", "2028-02-29", "2028-12-31"])("the kinds showcase shows each kind with its status when loaded on %s", async (today) => {
    seedDemo(testDb.db, today);
    const caller = callerFor(testDb.db, today);
    const { pilots } = await caller.portfolio.summary();
    const monthly = pilots.find((p) => p.title.includes("(monthly)"))!;
    const yearly = pilots.find((p) => p.title.includes("(yearly)"))!;
    const monthlyPage = await caller.pilots.page({ id: monthly.id });
    expect(monthlyPage.pilot.reportingFrequency).toBe("monthly");
    expect(monthlyPage.periods.filter((p) => p.isDue)).toHaveLength(6);
    const byCode = new Map(monthlyPage.indicators.map((i) => [i.indicator.code, i]));
    expect(byCode.get("LVL-VIS")!.progress).toMatchObject({ target: 100 });
    expect(byCode.get("LVL-VIS")!.progress.current).toBeCloseTo(607 / 6, 9);
    expect(byCode.get("PCT-W")!.indicator.entryForm).toBe("direct_percentage");
    expect(byCode.get("PCT-W")!.progress.current).toBeCloseTo(278 / 6, 9);
    expect(byCode.get("IDX-POL")!.progress).toMatchObject({ current: 63, target: 60 });
    expect(byCode.get("MIL-MEN")!.progress).toMatchObject({ current: 21, target: 20 });
    expect(byCode.get("END-STR")!.progress.status).toBe("due_at_end");
    for (const row of monthlyPage.indicators) expect(["on_track", "achieved", "due_at_end"]).toContain(row.progress.status);
    const yearlyPage = await caller.pilots.page({ id: yearly.id });
    expect(yearlyPage.pilot.reportingFrequency).toBe("yearly");
    expect(yearlyPage.periods.filter((p) => p.isDue)).toHaveLength(1);
    expect(yearlyPage.indicators[0]!.progress).toMatchObject({ status: "on_track", current: 12 });
    const { items, missingPeriods, likelyToMiss } = await caller.portfolio.needsAttention();
    // The other pilots' "needs attention" story (and the e2e specs that count its rows) stays as it was.
    expect(likelyToMiss.filter((i) => i.pilot.id === monthly.id || i.pilot.id === yearly.id)).toEqual([]);
    expect(items.filter((i) => i.pilot.id === monthly.id || i.pilot.id === yearly.id)).toEqual([]);
    expect(missingPeriods.filter((i) => i.pilot.id === monthly.id || i.pilot.id === yearly.id)).toEqual([]);
  });

  it("lists what needs attention across pilots, worst first, with explanations", async () => {
    seedDemo(testDb.db);
    const { items } = await callerFor(testDb.db).portfolio.needsAttention();
    expect(items.map((i) => i.progress.status)).toEqual(["underperforming", "underperforming", "at_risk", "at_risk", "at_risk"]);
    const rental = items.find((i) => i.indicator.name.includes("rental guarantee"))!;
    expect(rental.latestComment?.comment).toContain("guarantee funds");
    expect(translate("en", rental.explanation)).toMatch(/^0 people against a goal of 25 people: [\d.]+% short of the target; tolerance \d+%\.$/);
    const migrants = items.find((i) => i.pilot.isFictional && i.progress.status === "underperforming")!;
    expect(migrants.latestComment?.comment).toContain("bus line");
    expect(items.find((i) => i.indicator.name === "Number of tutoring hours for migrants")!.latestComment).toBeNull();
  });

  it("is loaded only into an empty database", async () => {
    seedDemo(testDb.db);
    seedDemo(testDb.db);
    const projects = await callerFor(testDb.db).projects.list();
    expect(projects.map((p) => [p.name, p.pilotCount])).toEqual([
      ["Arrival Regions", 1],
      ["Rural Welcome Network (fictional demo)", 1],
      ["Youth Pathways: indicator kinds (fictional demo)", 2],
    ]);
    const luserna = (await callerFor(testDb.db).pilots.list({ projectId: projects[0]!.id }))[0]!;
    const indicators = await callerFor(testDb.db).indicators.listByPilot({ pilotId: luserna.id });
    expect(indicators.every((i) => i.resultCount === 1)).toBe(true);
  });
});

describe("demo dates", () => {
  // Early in a month the last quarter ended only days ago: entries "ten days after" its end would lie ahead.
  it.each(["2027-01-03", "2026-12-01", "2027-01-31"])("no demo entry or comment is dated after the day the demo is loaded (%s)", async (today) => {
    seedDemo(testDb.db, today);
    const entries = testDb.db.select({ enteredAt: results.enteredAt, comment: results.comment }).from(results).all();
    expect(entries.length).toBeGreaterThan(0);
    const late = entries.filter((e) => e.enteredAt.slice(0, 10) >= today);
    expect(late, "entered on or after the demo's today").toEqual([]);
    const registered = testDb.db.select({ enteredAt: stakeholderPeriods.enteredAt }).from(stakeholderPeriods).all();
    expect(registered.filter((e) => e.enteredAt.slice(0, 10) >= today)).toEqual([]);
  });
});
