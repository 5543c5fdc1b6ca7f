import { describe, expect, it } from "vitest";
import { planPilots } from "../../server/imports/plan/pilots";
import { planProjects } from "../../server/imports/plan/projects";
import { planResults } from "../../server/imports/plan/results";
import { englishProblems, planState, sheet, valleyDesk, valleyRows } from "../support/planStore";

/*
 * Issue 15: the import read text and dates through its own readers, so a workbook could bring in what the
 * forms refuse. The same rules hold now (shared/textRules.ts, the schemas' date bounds), said once per cell.
 */

describe("the import's text and date readers", () => {
  it("refuses a project whose name holds U+FFFE, once, on its column", () => {
    const state = planState({});
    planProjects(state, sheet("Projects", ["Project,Programme,Start date,End date", "Mountain\uFFFESchools,Interreg,2026-01-01,2026-12-31"]));
    expect(englishProblems(state)).toEqual([expect.stringMatching(/^2 Project: Remove the invalid characters/)]);
    expect(state.projectsToCreate).toEqual([]);
  });

  it("refuses a bidirectional override in a pilot's title, and one in its description is kept", () => {
    const state = planState(valleyRows);
    const header = "Project,Pilot,Start date,End date,Reporting frequency,Description";
    planPilots(
      state,
      sheet("Pilots", [header, "Rural Welcome,Hill\u202EDesk,2026-01-01,2026-06-30,quarterly,", "Rural Welcome,Lake Desk,2026-01-01,2026-06-30,quarterly,\u2067مكتب\u2069"]),
    );
    expect(englishProblems(state)).toEqual([expect.stringMatching(/^2 Pilot: Remove the text-direction controls/)]);
  });

  it("refuses pilot dates outside 1990–2100 and a pilot of more than 15 years, as the form does", () => {
    const state = planState(valleyRows);
    const header = "Project,Pilot,Start date,End date,Reporting frequency";
    planPilots(state, sheet("Pilots", [header, "Rural Welcome,Ancient Desk,0100-01-01,9998-12-31,monthly", "Rural Welcome,Long Desk,2000-01-01,2015-01-01,monthly"]));
    expect(englishProblems(state)).toEqual([
      "2 Start date: Use a date between 1990-01-01 and 2100-12-31.",
      "2 End date: Use a date between 1990-01-01 and 2100-12-31.",
      "3 End date: A pilot lasts at most 15 years.",
    ]);
  });

  it("refuses a results comment with a lone surrogate", () => {
    const state = planState(valleyRows, { pilotId: valleyDesk.id });
    planResults(state, sheet("Results", ["Code,Period,Value,Comment", "LANG-H,2,70,On track \uD800"]));
    expect(englishProblems(state)).toEqual([expect.stringMatching(/^2 Comment: Remove the broken characters/)]);
  });
});
