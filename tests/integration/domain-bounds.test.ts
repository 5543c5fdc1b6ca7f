import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { periodReports, stakeholderPeriods } from "../../db/schema";
import { translate } from "../../server/i18n";
import { addDays } from "../../shared/dates";
import { factories } from "../support/factories";
import { refusalOf } from "../support/refusal";
import { createTestDatabase, DEMO_TODAY } from "../support/testDatabase";

/*
 * Issue 15, "Unbounded dates": a pilot from 0100 to 9998 (118,788 periods), a communication dated 1900 or
 * 9999, and a shortened pilot that drops a period with a report (500 from a foreign key) all got through.
 */

let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;
beforeEach(() => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
});
afterEach(() => testDb.cleanup());

const projectInput = (startDate: string, endDate: string) => ({ name: `Bounds ${startDate} ${endDate}`, programme: "", startDate, endDate, tolerancePercent: 15 });

describe("project and pilot dates", () => {
  it("refuses a project from year 0100 to 9998, and one starting in 1989, with the range in the message", async () => {
    for (const [start, end] of [
      ["0100-01-01", "9998-12-31"],
      ["1989-12-31", "2020-01-01"],
      ["2020-01-01", "2101-01-01"],
    ] as const) {
      const refusal = await refusalOf(make.admin.projects.create(projectInput(start, end)));
      expect(refusal.code).toBe("BAD_REQUEST");
      expect(refusal.keys).toContain("validation.dateOutOfRange");
    }
    await expect(make.admin.projects.create(projectInput("1990-01-01", "2100-12-31"))).resolves.toMatchObject({ id: expect.any(Number) });
  });

  it("refuses a monthly pilot of more than 15 years (the 0100–9998 pilot had 118,788 periods)", async () => {
    const project = await make.project({ startDate: "1990-01-01", endDate: "2100-12-31" });
    const pilot = (startDate: string, endDate: string) => ({
      projectId: project.id,
      title: `Long ${endDate}`,
      partnerOrganisation: "",
      location: "",
      country: "",
      startDate,
      endDate,
      reportingFrequency: "monthly" as const,
      coordinatorName: "",
      coordinatorEmail: "",
      description: "",
    });
    const refusal = await refusalOf(make.admin.pilots.create(pilot("2000-01-01", "2015-01-01")));
    expect(refusal.fields.endDate).toBe("validation.pilotTooLong");
    expect((await refusalOf(make.admin.pilots.create(pilot("0100-01-01", "9998-12-31")))).keys).toContain("validation.dateOutOfRange");
    const { id } = await make.admin.pilots.create(pilot("2000-01-01", "2014-12-31"));
    expect((await make.admin.pilots.page({ id })).periods).toHaveLength(180);
  });
});

describe("communication dates", () => {
  it("refuses a communication dated 1900 or 9999, or outside the project, on the date field", async () => {
    const project = await make.project();
    const { pilot } = await make.pilot({ projectId: project.id });
    const activity = (date: string) => ({ pilotId: pilot.id, title: `Article ${date}`, date, outletType: "newspaper" as const, outletName: "", link: "" });
    for (const date of ["1900-01-01", "9999-12-31", addDays(project.startDate, -1), addDays(project.endDate, 1)]) {
      const refusal = await refusalOf(make.admin.reports.addCommunication(activity(date)));
      expect(refusal.code).toBe("BAD_REQUEST");
      expect(refusal.fields.date).toBe("validation.communicationOutsideProject");
    }
    const created = await make.admin.reports.addCommunication(activity(project.startDate));
    const refused = await refusalOf(make.admin.reports.updateCommunication({ id: created.id, version: 1, fields: activity("1900-01-01") }));
    expect(refused.fields.date).toBe("validation.communicationOutsideProject");
  });
});

describe("shrinking a pilot", () => {
  it("refuses to drop periods holding a period report or register entries, naming them, instead of failing on a foreign key", async () => {
    const { pilot, periods } = await make.pilot({ periodsDue: 2, periodsAfter: 2 });
    const last = periods.at(-1)!;
    const beforeLast = periods.at(-2)!;
    const stakeholder = await make.admin.stakeholders.create({ pilotId: pilot.id, organisation: "Bounds partner", type: "public_body", contact: "", notes: "" });
    testDb.db
      .insert(stakeholderPeriods)
      .values({ stakeholderId: stakeholder.id, periodId: last.id, involved: true, plansToContinue: true, enteredBy: "test", enteredAt: `${DEMO_TODAY}T00:00:00Z` })
      .run();
    testDb.db.insert(periodReports).values({ periodId: beforeLast.id, pilotId: pilot.id }).run();
    const fields = { ...pilot, endDate: addDays(beforeLast.startDate, -1) };
    const { id: _id, ...pilotFields } = fields;
    const refusal = await refusalOf(make.admin.pilots.update({ id: pilot.id, version: 1, fields: pilotFields }));
    expect(refusal.code).toBe("CONFLICT");
    expect(refusal.keys).toEqual(["validation.periodsHoldData"]);
    const said = translate("en", {
      key: "validation.periodsHoldData",
      values: { periods: `${beforeLast.startDate} – ${beforeLast.endDate}, ${last.startDate} – ${last.endDate}` },
    });
    await expect(make.admin.pilots.update({ id: pilot.id, version: 1, fields: pilotFields })).rejects.toThrow(said);
    expect((await make.admin.pilots.page({ id: pilot.id })).periods).toHaveLength(periods.length);
  });
});
