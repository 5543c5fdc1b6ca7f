import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectCount, scoreTrend } from "../../shared/projection";
import { queryIndicatorTrends } from "../../server/queries/indicatorTrends";
import { translate } from "../../server/i18n";
import { expectedLanguageHoursProjection } from "../support/demoExpectations";
import { callerFor, createTestDatabase, DEMO_TODAY, seedDemo } from "../support/testDatabase";

// 390 on the default test day; 389 to 391 on others, with the months the pilot spans (decision 012).
const expectedHours = expectedLanguageHoursProjection(DEMO_TODAY);

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
  seedDemo(testDb.db);
});
afterEach(() => testDb.cleanup());

async function fictionalPage() {
  const caller = callerFor(testDb.db);
  const { pilots } = await caller.portfolio.summary();
  return caller.pilots.page({ id: pilots.find((p) => p.isFictional)!.id });
}

describe("early warning", () => {
  it("flags the fictional pilot's language hours: on track today, likely to miss by the end", async () => {
    const page = await fictionalPage();
    const hours = page.indicators.find((i) => i.indicator.name === "Hours of language courses delivered")!;
    expect(hours.progress.status).toBe("on_track");
    expect(hours.projection).toMatchObject({ kind: "count", likelyToMiss: true, fromValue: 250, endDate: page.pilot.endDate, rangeMethod: "prediction_interval", periodsUsed: 4 });
    if (hours.projection.kind !== "count") throw new Error("expected a count projection");
    expect(hours.projection.projected).toBeGreaterThan(380);
    expect(hours.projection.projected).toBeLessThan(400);
    expect(hours.projection.low).toBeLessThan(hours.projection.projected);
    expect(hours.projection.high).toBeGreaterThan(hours.projection.projected);
    // The page sends the sentence as a Message, so each reader sees it in their language.
    expect(translate("en", hours.projectionText)).toBe(expectedHours.text);
    expect(translate("it", hours.projectionText)).toBe(
      `proiezione a fine pilota: ${expectedHours.projected} su 480 hours (81\u00a0%), intervallo ${expectedHours.low}–${expectedHours.high}`,
    );
    // The others stay clear: the status mix of the demo is unchanged by the warning.
    const flagged = page.indicators.filter((i) => i.projection.kind !== "none" && i.projection.likelyToMiss).map((i) => i.indicator.name);
    expect(flagged.sort()).toEqual(["Hours of language courses delivered", "Number of migrants involved in pilot action activities"]);
  });

  it("gives no projection for the one-period Luserna pilot, and says why", async () => {
    const caller = callerFor(testDb.db);
    const { pilots } = await caller.portfolio.summary();
    const page = await caller.pilots.page({ id: pilots.find((p) => p.title.startsWith("HOME"))!.id });
    for (const view of page.indicators) expect(view.projection.kind).toBe("none");
    const hours = page.indicators.find((i) => i.indicator.name === "Number of tutoring hours for migrants")!;
    expect(translate("en", hours.projectionText)).toBe("Only one period is reported: a trend needs at least two.");
  });

  it("lists only what is not already flagged in the 'likely to miss' section", async () => {
    const { items, likelyToMiss } = await callerFor(testDb.db).portfolio.needsAttention();
    expect(items).toHaveLength(5);
    expect(likelyToMiss.map((i) => [i.indicator.name, i.progress.status])).toEqual([["Hours of language courses delivered", "on_track"]]);
    expect(translate("en", likelyToMiss[0]!.projectionText)).toBe(expectedHours.text);
    expect(translate("en", likelyToMiss[0]!.explanation)).toMatch(/^250 hours against a goal of 480 hours; expected by now [\d.]+ hours: on track\.$/);
    expect(likelyToMiss[0]!.latestComment?.comment).toContain("one evening course");
  });

  it("computes the same projection from the SQL sums as from the pilot page's results", async () => {
    const page = await fictionalPage();
    const lusernaIds = (await callerFor(testDb.db).pilots.page({ id: 1 })).indicators.map((i) => i.indicator.id);
    const ids = [...page.indicators.map((i) => i.indicator.id), ...lusernaIds];
    const trends = new Map(queryIndicatorTrends(testDb.db, DEMO_TODAY, ids).map((t) => [t.indicatorId, t]));
    const pilot = { startDate: page.pilot.startDate, endDate: page.pilot.endDate };
    expect(page.indicators.length).toBe(9);
    for (const view of page.indicators) {
      const trend = trends.get(view.indicator.id)!;
      const fromSql =
        trend.sums !== null
          ? projectCount({
              indicator: view.indicator,
              pilot,
              tolerancePercent: page.pilot.tolerancePercent,
              asOf: DEMO_TODAY,
              sums: trend.sums,
              lastPeriodEndDate: trend.lastPeriodEndDate,
            })
          : scoreTrend(view.indicator, trend.lastValues!, DEMO_TODAY, pilot);
      expect(fromSql.kind).toBe(view.projection.kind);
      if (fromSql.kind === "count" && view.projection.kind === "count") {
        expect(fromSql.projected).toBeCloseTo(view.projection.projected, 6);
        expect(fromSql.low).toBeCloseTo(view.projection.low, 6);
        expect(fromSql.high).toBeCloseTo(view.projection.high, 6);
        expect(fromSql.likelyToMiss).toBe(view.projection.likelyToMiss);
      } else {
        expect(fromSql).toEqual(view.projection);
      }
    }
    // Ended pilots are not read at all.
    expect(lusernaIds.some((id) => trends.has(id))).toBe(false);
  });
});
