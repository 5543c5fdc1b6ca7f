import { describe, expect, it } from "vitest";
import { planPilots } from "../../server/imports/plan/pilots";
import { planProjects } from "../../server/imports/plan/projects";
import { englishProblems, planState, sheet, valleyRows } from "../support/planStore";

const header = "Project,Pilot,Start date,End date,Reporting frequency,Coordinator email";

describe("the Pilots sheet planner", () => {
  it.each([
    {
      why: "a new pilot in a stored project is created with its periods",
      rows: ["Rural Welcome,Hill Desk,2026-01-01,2026-06-30,quarterly,"],
      created: [{ title: "Hill Desk", periods: 2 }],
      unchanged: 0,
      problems: [],
    },
    {
      why: "a stored pilot (by project and title) is left unchanged",
      rows: ["RURAL WELCOME,valley desk,2026-01-01,2026-12-31,quarterly,"],
      created: [],
      unchanged: 1,
      problems: [],
    },
    {
      why: "an unknown project is a problem of the Project column",
      rows: ["Nowhere,Hill Desk,2026-01-01,2026-06-30,quarterly,"],
      created: [],
      unchanged: 0,
      problems: [expect.stringMatching(/^2 Project: .*"Nowhere"/)],
    },
    {
      why: "a frequency the app does not know and a wrong email are named by column",
      rows: ["Rural Welcome,Hill Desk,2026-01-01,2026-06-30,weekly,not-an-email"],
      created: [],
      unchanged: 0,
      // The unreadable cell is said, and then the schema's word on the empty value it leaves (as before the split).
      problems: [expect.stringMatching(/^2 Reporting frequency: "weekly"/), "2 Reporting frequency: This value is not valid.", "2 Coordinator email: Enter a valid email address."],
    },
    {
      why: "the same pilot twice is a problem on the second row",
      rows: ["Rural Welcome,Hill Desk,2026-01-01,2026-06-30,quarterly,", "Rural Welcome,Hill Desk,2026-01-01,2026-06-30,quarterly,"],
      created: [{ title: "Hill Desk", periods: 2 }],
      unchanged: 0,
      problems: [expect.stringMatching(/^3 Pilot: .*row 2/)],
    },
  ])("$why", ({ rows, created, unchanged, problems }) => {
    const state = planState(valleyRows);
    planPilots(state, sheet("Pilots", [header, ...rows]));
    expect(englishProblems(state)).toEqual(problems);
    expect(state.pilotsToCreate.map((p) => ({ title: p.title, periods: p.periods.length }))).toEqual(created);
    expect(state.counts.pilots.unchanged).toBe(unchanged);
  });

  it("finds a project the Projects sheet of the same file creates, and keeps the rows for the permission check", () => {
    const state = planState(valleyRows);
    planProjects(state, sheet("Projects", ["Project,Start date,End date", "Mountain Schools,2026-01-01,2026-12-31"]));
    planPilots(state, sheet("Pilots", [header, "Mountain Schools,Summit School,2026-01-01,2026-12-31,half_yearly,"]));
    expect(englishProblems(state)).toEqual([]);
    expect(state.pilotsToCreate).toMatchObject([{ id: null, title: "Summit School", project: { id: null, name: "Mountain Schools" }, rows: [2] }]);
  });
});
