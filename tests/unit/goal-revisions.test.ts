import { describe, expect, it } from "vitest";
import type { RevisionReasonCode } from "../../shared/domain";
import { countsAsRevision, fieldTarget, goalRevisionOf, revisedFieldsChanged, revisedGoalNote, type RevisionRecord } from "../../shared/revisions";
import { revisionReason } from "../../shared/schemas";
import { translate } from "../../server/i18n";

/** The worked examples of docs/decisions/022-goal-revisions.md, as a table. */
const change = (field: RevisionRecord["field"], before: unknown, after: unknown, reasonCode: RevisionReasonCode): RevisionRecord => ({
  field,
  before,
  after,
  reasonCode,
  reasonText: `Because of ${reasonCode}.`,
  authorName: "Mona Manager",
  at: "2026-06-01T10:00:00.000Z",
});

describe("original and current goal", () => {
  const cases: { name: string; current: number; revisions: RevisionRecord[]; original: number; revised: boolean; reason: RevisionReasonCode | null }[] = [
    { name: "no revision: the goal is the original", current: 400, revisions: [], original: 400, revised: false, reason: null },
    {
      name: "a programme modification keeps the contracted goal",
      current: 480,
      revisions: [change("goal", 400, 480, "programme_modification")],
      original: 400,
      revised: true,
      reason: "programme_modification",
    },
    {
      name: "a correction of an error is not a revision: the corrected value is the original",
      current: 400,
      revisions: [change("goal", 40, 400, "error_correction")],
      original: 400,
      revised: false,
      reason: null,
    },
    {
      name: "a correction before a revision: the original is the corrected value",
      current: 480,
      revisions: [change("goal", 40, 400, "error_correction"), change("goal", 400, 480, "budget_change")],
      original: 400,
      revised: true,
      reason: "budget_change",
    },
    {
      name: "a correction after a revision corrects the current goal; the original stays",
      current: 490,
      revisions: [change("goal", 400, 480, "programme_modification"), change("goal", 480, 490, "error_correction")],
      original: 400,
      revised: true,
      reason: "programme_modification",
    },
    {
      name: "two revisions: the original is the first one's before, the reason the latest one's",
      current: 300,
      revisions: [change("goal", 400, 480, "programme_modification"), change("goal", 480, 300, "implementation_delay")],
      original: 400,
      revised: true,
      reason: "implementation_delay",
    },
    {
      name: "a revision back to the contracted goal shows no revision",
      current: 400,
      revisions: [change("goal", 400, 480, "programme_modification"), change("goal", 480, 400, "funder_requirement")],
      original: 400,
      revised: false,
      reason: null,
    },
    {
      name: "a revision of the baseline leaves the goal as contracted",
      current: 400,
      revisions: [change("baseline", 0, 20, "other")],
      original: 400,
      revised: false,
      reason: null,
    },
  ];
  it.each(cases)("$name", ({ current, revisions, original, revised, reason }) => {
    const target = fieldTarget("goal", current, revisions);
    expect(target).toMatchObject({ original, current, revised });
    expect(target.reason?.code ?? null).toBe(reason);
    expect(goalRevisionOf(current, revisions)?.original ?? null).toBe(revised ? original : null);
  });

  it("keeps the original baseline and milestones the same way", () => {
    expect(fieldTarget("baseline", 20, [change("baseline", 0, 20, "external_factors")])).toMatchObject({ original: 0, current: 20, revised: true });
    const before = [{ date: "2026-06-30", target: 40 }];
    const after = [{ date: "2026-06-30", target: 30 }];
    expect(fieldTarget("milestones", after, [change("milestones", before, after, "implementation_delay")])).toMatchObject({ original: before, revised: true });
  });

  it("counts every reason but the correction of an error", () => {
    expect(countsAsRevision("error_correction")).toBe(false);
    for (const code of ["programme_modification", "budget_change", "external_factors", "implementation_delay", "funder_requirement", "other"] as const)
      expect(countsAsRevision(code)).toBe(true);
  });

  it("says the revision the way the views show it", () => {
    const revision = goalRevisionOf(480, [change("goal", 400, 480, "programme_modification")])!;
    expect(translate("en", revisedGoalNote(revision, "count"))).toBe("revised from 400 — programme modification");
    expect(translate("it", revisedGoalNote(revision, "count"))).toBe("rivisto da 400 — modifica del programma");
    expect(translate("en", revisedGoalNote({ ...revision, original: 60 }, "percentage"))).toBe("revised from 60% — programme modification");
  });
});

describe("which changes need a reason", () => {
  const stored = { goal: 400, baseline: 0, milestones: [{ date: "2026-06-30", target: 200 }] };
  it("names goal, baseline and milestones when they change, nothing else", () => {
    expect(revisedFieldsChanged(stored, { ...stored })).toEqual([]);
    expect(revisedFieldsChanged(stored, { ...stored, milestones: [{ date: "2026-06-30", target: 200 }] })).toEqual([]);
    expect(revisedFieldsChanged(stored, { goal: 480, baseline: 5, milestones: [] })).toEqual(["goal", "baseline", "milestones"]);
  });

  it("asks for a code and a bounded sentence", () => {
    expect(revisionReason.safeParse({ code: "budget_change", text: "The budget was cut by a fifth." }).success).toBe(true);
    expect(revisionReason.safeParse({ code: "budget_change", text: "   " }).success).toBe(false);
    expect(revisionReason.safeParse({ code: "because", text: "A reason." }).success).toBe(false);
    expect(revisionReason.safeParse({ code: "other", text: "x".repeat(501) }).success).toBe(false);
  });
});
