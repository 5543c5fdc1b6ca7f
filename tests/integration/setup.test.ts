import { TRPCError } from "@trpc/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createInnerContext } from "../../server/context";
import { createCaller } from "../../server/root";
import { UserMessage } from "../../server/errors";
import { translate } from "../../server/i18n";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
import { loadSignedInUser } from "../../server/services/sessions";
import { callerFor, createTestDatabase, TEST_ADMIN } from "../support/testDatabase";

let testDb: ReturnType<typeof createTestDatabase>;
let caller: ReturnType<typeof callerFor>;
beforeEach(() => {
  testDb = createTestDatabase();
  caller = callerFor(testDb.db, "2026-11-23");
});
afterEach(() => testDb.cleanup());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

const projectInput = { name: "Arrival Regions", programme: "Interreg Central Europe", startDate: "2019-04-01", endDate: "2022-03-31", tolerancePercent: 15 };
const pilotInput = (projectId: number) => ({
  projectId,
  title: "Welcome desk",
  partnerOrganisation: "LAG",
  location: "Pellice Valley",
  country: "IT",
  startDate: "2020-09-01",
  endDate: "2021-08-31",
  reportingFrequency: "quarterly" as const,
  coordinatorName: "Ada",
  coordinatorEmail: "ada@example.org",
  description: "",
});

describe("managers set up projects, pilots and indicators", () => {
  it("creates a pilot with its quarterly periods and an indicator of each measure", async () => {
    const project = await caller.projects.create(projectInput);
    const pilot = await caller.pilots.create(pilotInput(project.id));
    const page = await caller.pilots.page({ id: pilot.id });
    expect(page.periods.map((p) => p.label)).toEqual([
      "Quarter 1 (Sep 2020 – Nov 2020)",
      "Quarter 2 (Dec 2020 – Feb 2021)",
      "Quarter 3 (Mar 2021 – May 2021)",
      "Quarter 4 (Jun 2021 – Aug 2021)",
    ]);
    await caller.indicators.create({ pilotId: pilot.id, name: "Tutoring hours", kind: "quantitative", measure: "count", unit: "hours", goal: 400 });
    await caller.indicators.create({ pilotId: pilot.id, name: "Satisfaction", kind: "qualitative", measure: "score", goal: 8, scaleMin: 1, scaleMax: 10 });
    await caller.indicators.create({ pilotId: pilot.id, name: "Involvement", kind: "qualitative", measure: "percentage", cumulation: "to_date", goal: 60 });
    const list = await caller.indicators.listByPilot({ pilotId: pilot.id });
    expect(list.map((i) => [i.name, i.displayOrder, i.resultCount])).toEqual([
      ["Tutoring hours", 1, 0],
      ["Satisfaction", 2, 0],
      ["Involvement", 3, 0],
    ]);
    expect((await caller.projects.list()).map((p) => p.pilotCount)).toEqual([1]);
  });

  it("explains invalid set-up values per field", async () => {
    const project = await caller.projects.create(projectInput);
    const pilot = await caller.pilots.create(pilotInput(project.id));
    for (const bad of [
      { pilotId: pilot.id, name: "S", kind: "qualitative", measure: "score", goal: 8 },
      { pilotId: pilot.id, name: "S", kind: "qualitative", measure: "score", goal: 12, scaleMin: 1, scaleMax: 10 },
      { pilotId: pilot.id, name: "P", kind: "qualitative", measure: "percentage", goal: 160 },
      { pilotId: pilot.id, name: "", kind: "quantitative", measure: "count", goal: 1 },
      { pilotId: pilot.id, name: "C", kind: "quantitative", measure: "count", goal: -1 },
    ] as const) {
      expect(await codeOf(caller.indicators.create(bad as never))).toBe("BAD_REQUEST");
    }
    expect(await codeOf(caller.pilots.create({ ...pilotInput(project.id), endDate: "2019-01-01" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.pilots.create({ ...pilotInput(project.id), startDate: "2021-02-30" }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.pilots.create(pilotInput(999)))).toBe("BAD_REQUEST");
  });

  it("keeps periods that hold results when the dates change, and refuses a change that would drop them", async () => {
    const project = await caller.projects.create(projectInput);
    const pilot = await caller.pilots.create(pilotInput(project.id));
    const indicator = await caller.indicators.create({ pilotId: pilot.id, name: "Hours", kind: "quantitative", measure: "count", goal: 100 });
    const page = await caller.pilots.page({ id: pilot.id });
    await caller.results.savePeriod({ periodId: page.periods[0]!.id, enteredBy: "Ada", entries: [{ indicatorId: indicator.id, expectedVersion: null, value: 30 }] });

    // Extending the end adds periods; the first one and its result stay.
    await caller.pilots.update({ id: pilot.id, version: 1, fields: { ...pilotInput(project.id), endDate: "2021-12-31" } });
    const extended = await caller.pilots.page({ id: pilot.id });
    expect(extended.periods).toHaveLength(6);
    expect(extended.periods[0]!.id).toBe(page.periods[0]!.id);
    expect(extended.periods[0]!.reportedCount).toBe(1);

    // Moving the start would move the period that holds the result: refused, nothing changed.
    expect(await codeOf(caller.pilots.update({ id: pilot.id, version: 2, fields: { ...pilotInput(project.id), startDate: "2020-10-01", endDate: "2021-12-31" } }))).toBe(
      "CONFLICT",
    );
    expect((await caller.pilots.get({ id: pilot.id })).startDate).toBe("2020-09-01");
    expect((await caller.pilots.page({ id: pilot.id })).periods).toHaveLength(6);
  });

  it("names periods and says refusals in the reader's language, from the same stored dates", async () => {
    const project = await caller.projects.create(projectInput);
    const pilot = await caller.pilots.create(pilotInput(project.id));
    // The same administrator, reading in Italian.
    const adminId = testDb.db.select({ id: users.id }).from(users).where(eq(users.email, TEST_ADMIN)).get()!.id;
    const reader = createCaller(createInnerContext({ db: testDb.db, today: () => "2026-11-23", user: loadSignedInUser(testDb.db, adminId), language: "it" }));
    const page = await reader.pilots.page({ id: pilot.id });
    expect(page.periods.map((p) => p.label)).toEqual([
      "Trimestre 1 (set 2020 – nov 2020)",
      "Trimestre 2 (dic 2020 – feb 2021)",
      "Trimestre 3 (mar 2021 – mag 2021)",
      "Trimestre 4 (giu 2021 – ago 2021)",
    ]);
    // The stored periods did not change: English readers still get English labels.
    expect((await caller.pilots.page({ id: pilot.id })).periods[0]!.label).toBe("Quarter 1 (Sep 2020 – Nov 2020)");

    await caller.pilots.update({ id: pilot.id, version: 1, fields: { ...pilotInput(project.id), location: "Luserna" } });
    const stale = await reader.pilots.update({ id: pilot.id, version: 1, fields: pilotInput(project.id) }).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(TRPCError);
    const cause = (stale as TRPCError).cause;
    expect(cause).toBeInstanceOf(UserMessage);
    // In-process callers see the English text; the error formatter says it in the reader's language.
    expect((stale as TRPCError).message).toBe(
      'Someone else changed this pilot after you opened it; it is now "Welcome desk", 01/09/2020 to 31/08/2021, reporting: Quarterly. Reload to see their change, then make yours again.',
    );
    expect(translate("it", (cause as UserMessage).userMessage)).toContain("ora risulta: «Welcome desk», dal 01/09/2020 al 31/08/2021, rendicontazione: Trimestrale.");
  });

  it("refuses to overwrite a colleague's edit (optimistic locking)", async () => {
    const project = await caller.projects.create(projectInput);
    await caller.projects.update({ id: project.id, version: 1, fields: { ...projectInput, tolerancePercent: 10 } });
    expect(await codeOf(caller.projects.update({ id: project.id, version: 1, fields: { ...projectInput, name: "Stale" } }))).toBe("CONFLICT");
    // The refusal shows what the project holds now.
    await expect(caller.projects.update({ id: project.id, version: 1, fields: { ...projectInput, name: "Stale" } })).rejects.toThrow(
      /it is now "Arrival Regions", .* tolerance 10 %/,
    );
    expect(await caller.projects.get({ id: project.id })).toMatchObject({ name: "Arrival Regions", tolerancePercent: 10, version: 2 });
    expect(await codeOf(caller.projects.update({ id: 999, version: 1, fields: projectInput }))).toBe("NOT_FOUND");
  });

  it("refuses to change the measure of an indicator that has results", async () => {
    const project = await caller.projects.create(projectInput);
    const pilot = await caller.pilots.create(pilotInput(project.id));
    const indicator = await caller.indicators.create({ pilotId: pilot.id, name: "Hours", kind: "quantitative", measure: "count", goal: 100 });
    const page = await caller.pilots.page({ id: pilot.id });
    await caller.results.savePeriod({ periodId: page.periods[0]!.id, enteredBy: "Ada", entries: [{ indicatorId: indicator.id, expectedVersion: null, value: 30 }] });
    const corrections = { name: "Hours", kind: "quantitative" as const, goal: 100 };
    expect(
      await codeOf(
        caller.indicators.update({ id: indicator.id, version: 1, corrections: { ...corrections, goal: 50 }, fixed: { measure: "percentage", cumulation: "increments" } }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await codeOf(
        caller.indicators.update({
          id: indicator.id,
          version: 1,
          corrections: { ...corrections, goal: 120 },
          revisionReason: { code: "programme_modification", text: "The programme approved a modification." },
        }),
      ),
    ).toBe("OK");
  });

  it("archives instead of deleting: archived pilots leave the portfolio and come back on restore", async () => {
    const project = await caller.projects.create(projectInput);
    const pilot = await caller.pilots.create(pilotInput(project.id));
    await caller.pilots.setArchived({ id: pilot.id, archived: true });
    expect((await caller.portfolio.summary()).pilots).toHaveLength(0);
    expect(await caller.pilots.list({ includeArchived: true })).toHaveLength(1);
    expect((await caller.pilots.get({ id: pilot.id })).archivedAt).not.toBeNull();
    await caller.pilots.setArchived({ id: pilot.id, archived: false });
    expect((await caller.portfolio.summary()).pilots).toHaveLength(1);
    await caller.projects.setArchived({ id: project.id, archived: true });
    expect((await caller.portfolio.summary()).pilots).toHaveLength(0);
    expect(await caller.projects.list({ includeArchived: true })).toHaveLength(1);
  });
});
