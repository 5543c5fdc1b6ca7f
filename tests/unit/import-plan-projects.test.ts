import { describe, expect, it } from "vitest";
import { planProjects } from "../../server/imports/plan/projects";
import { englishProblems, planState, sheet, welcomeProject } from "../support/planStore";

const header = "Project,Programme,Start date,End date,Tolerance (%)";

describe("the Projects sheet planner", () => {
  it.each([
    {
      why: "a new project is created",
      rows: ["Mountain Schools,Interreg,2026-01-01,2026-12-31,10"],
      created: ["Mountain Schools"],
      counts: { create: 1, change: 0, unchanged: 0 },
      problems: [],
    },
    {
      why: "a stored one (any letter case) is left unchanged",
      rows: [" rural welcome ,,2026-01-01,2026-12-31,"],
      created: [],
      counts: { create: 0, change: 0, unchanged: 1 },
      problems: [],
    },
    { why: "a blank row is skipped", rows: [",,,,"], created: [], counts: { create: 0, change: 0, unchanged: 0 }, problems: [] },
    {
      why: "the same project twice is a problem on the second row",
      rows: ["Mountain Schools,,2026-01-01,2026-12-31,", "mountain schools,,2026-01-01,2026-12-31,"],
      created: ["Mountain Schools"],
      counts: { create: 1, change: 0, unchanged: 0 },
      problems: ['3 Project: The project "mountain schools" is already on row 2.'],
    },
    {
      why: "a missing date and an unreadable tolerance are named by column",
      rows: ["Mountain Schools,,,2026-12-31,lots"],
      created: [],
      counts: { create: 0, change: 0, unchanged: 0 },
      problems: ['2 Tolerance (%): "lots" is not a number.', "2 Start date: Use a date like 2021-09-30."],
    },
  ])("$why", ({ rows, created, counts, problems }) => {
    const state = planState({ projects: [welcomeProject] });
    planProjects(state, sheet("Projects", [header, ...rows]));
    expect(englishProblems(state)).toEqual(problems);
    expect(state.counts.projects).toEqual(counts);
    expect(state.projectsToCreate.map((p) => p.name)).toEqual(created);
  });

  it("remembers the rows that create a project, for the permission check", () => {
    const state = planState({});
    planProjects(state, sheet("Projects", [header, ",,,,", "Mountain Schools,,2026-01-01,2026-12-31,"]));
    expect(state.projectsToCreate).toMatchObject([{ id: null, name: "Mountain Schools", rows: [3], tolerancePercent: 15 }]);
  });

  it("reports a missing required column once, for the whole sheet", () => {
    const state = planState({});
    planProjects(state, sheet("Projects", ["Project,Programme", "Mountain Schools,Interreg"]));
    expect(englishProblems(state)).toEqual([
      '1 Start date: The column "Start date" is missing. The header row must name it.',
      '1 End date: The column "End date" is missing. The header row must name it.',
    ]);
  });
});
