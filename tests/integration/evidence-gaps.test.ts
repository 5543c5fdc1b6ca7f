import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { countEvidence } from "../../shared/evidence";
import { queryPeriodEvidence, queryPilotEvidenceCounts } from "../../server/queries/evidence";
import { pdfFile } from "../support/evidenceFiles";
import { factories } from "../support/factories";
import { createTestDatabase } from "../support/testDatabase";

/*
 * Evidence gaps where managers look (docs/decisions/019): the portfolio's counts per pilot, "needs
 * attention"'s list, the pilot page's reference sheet per indicator and the indicator table export's
 * reference section, all from the same reference sheets, evidence and approvals.
 */

type Make = ReturnType<typeof factories>;
type Account = Awaited<ReturnType<Make["account"]>>;
let testDb: ReturnType<typeof createTestDatabase>;
let make: Make;
let coordinator: Account, manager: Account, otherCoordinator: Account;
let a: { pilotId: number; projectId: number; participants: number; survey: number; first: { id: number; label: string }; second: { id: number; label: string } };
let b: { pilotId: number; indicatorId: number; periodId: number };

beforeEach(async () => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
  const pilotA = await make.pilot({ periodsDue: 2 });
  const participants = await make.indicator(pilotA.pilot.id, { name: "Participants" });
  const survey = await make.indicator(pilotA.pilot.id, { name: "Survey answers" });
  const pilotB = await make.pilot({ periodsDue: 1 });
  const visits = await make.indicator(pilotB.pilot.id, { name: "Visits" });
  coordinator = await make.account("pilot_coordinator", { pilotId: pilotA.pilot.id });
  manager = await make.account("project_manager", { projectId: pilotA.pilot.projectId });
  otherCoordinator = await make.account("pilot_coordinator", { pilotId: pilotB.pilot.id });
  const [first, second] = pilotA.due;
  a = {
    pilotId: pilotA.pilot.id,
    projectId: pilotA.pilot.projectId,
    participants: participants.id,
    survey: survey.id,
    first: { id: first!.id, label: first!.label },
    second: { id: second!.id, label: second!.label },
  };
  b = { pilotId: pilotB.pilot.id, indicatorId: visits.id, periodId: pilotB.due[0]!.id };

  await manager.caller.evidence.saveReference({
    indicatorId: a.participants,
    version: 0,
    fields: {
      definition: "People who attended at least one session.",
      dataSource: "Attendance registers",
      responsible: "Anna Rossi",
      meansOfVerification: "Signed attendance sheets",
    },
  });
  for (const period of [a.first, a.second])
    await coordinator.caller.results.savePeriod({
      periodId: period.id,
      entries: [
        { indicatorId: a.participants, expectedVersion: null, value: 10, comment: "Sessions held." },
        { indicatorId: a.survey, expectedVersion: null, value: 5, comment: "Answers in." },
      ],
    });
  await coordinator.caller.evidence.attachFile({
    periodId: a.first.id,
    indicatorId: a.participants,
    fileName: "sheets.pdf",
    description: "",
    bytes: new Uint8Array(pdfFile("sheets")),
  });
  // The second period goes to review and is approved with the sheets still to come.
  await coordinator.caller.reviews.submit({ periodId: a.second.id, version: 0, confirmIncomplete: true });
  await manager.caller.reviews.approve({ periodId: a.second.id, version: 1, evidenceNote: "The sheets come by post." });

  // Another pilot, in another project, with a gap of its own.
  const otherManager = await make.account("project_manager", { projectId: pilotB.pilot.projectId });
  await otherManager.caller.evidence.saveReference({ indicatorId: b.indicatorId, version: 0, fields: { meansOfVerification: "Visitor book" } });
  await otherCoordinator.caller.results.savePeriod({ periodId: b.periodId, entries: [{ indicatorId: b.indicatorId, expectedVersion: null, value: 3, comment: "Visits." }] });
});
afterEach(() => testDb.cleanup());

describe("evidence counts per pilot", () => {
  it("count, in one statement for several pilots, what the per-period status rule counts", async () => {
    const counts = queryPilotEvidenceCounts(testDb.db, [a.pilotId, b.pilotId]);
    expect(counts.get(a.pilotId)).toEqual({ withEvidence: 1, missing: 1, pendingApprovals: 1 });
    expect(counts.get(b.pilotId)).toEqual({ withEvidence: 0, missing: 1, pendingApprovals: 0 });
    // The same figures as shared/evidence.ts's rule applied result by result.
    const statuses = [a.first.id, a.second.id].flatMap((periodId) =>
      queryPeriodEvidence(testDb.db, periodId)
        .filter((indicator) => indicator.hasResult)
        .map((indicator) => indicator.status),
    );
    expect(countEvidence(statuses)).toEqual({ results: 4, withEvidence: 1, missing: 1 });
    expect(await coordinator.caller.evidence.pilotCounts({ pilotId: a.pilotId })).toEqual({ results: 4, withEvidence: 1, missing: 1, pendingApprovals: 1 });

    // Removing the only file turns its result into a gap too.
    const [file] = (await coordinator.caller.evidence.forPeriod({ periodId: a.first.id })).indicators[0]!.items;
    await coordinator.caller.evidence.remove({ evidenceId: file!.id });
    expect(queryPilotEvidenceCounts(testDb.db, [a.pilotId]).get(a.pilotId)).toEqual({ withEvidence: 0, missing: 2, pendingApprovals: 1 });
    // A pilot with nothing at all still gets a row.
    const empty = await make.pilot();
    expect(queryPilotEvidenceCounts(testDb.db, [empty.pilot.id]).get(empty.pilot.id)).toEqual({ withEvidence: 0, missing: 0, pendingApprovals: 0 });
  });

  it("are on the portfolio, each pilot with its own", async () => {
    const portfolio = await manager.caller.portfolio.summary();
    expect(portfolio.pilots.find((p) => p.id === a.pilotId)!.evidence).toEqual({ withEvidence: 1, missing: 1, pendingApprovals: 1 });
    // The other project's pilot is not the manager's to see.
    expect(portfolio.pilots.some((p) => p.id === b.pilotId)).toBe(false);
  });
});

describe("needs attention", () => {
  it("lists each indicator's periods without the expected evidence, and the approvals with evidence pending, to those who may read the pilot", async () => {
    const { evidenceGaps } = await manager.caller.portfolio.needsAttention();
    expect(evidenceGaps.missing).toEqual([
      {
        pilot: expect.objectContaining({ id: a.pilotId }),
        indicator: { id: a.participants, name: "Participants", meansOfVerification: "Signed attendance sheets" },
        periods: [{ id: a.second.id, label: a.second.label }],
      },
    ]);
    expect(evidenceGaps.pending).toEqual([
      { pilot: expect.objectContaining({ id: a.pilotId }), period: { id: a.second.id, label: a.second.label }, note: "The sheets come by post.", approvedBy: manager.name },
    ]);
    // The other pilot's coordinator sees their own gap only.
    const theirs = await otherCoordinator.caller.portfolio.needsAttention();
    expect(theirs.evidenceGaps.missing.map((gap) => gap.indicator.name)).toEqual(["Visits"]);
    expect(theirs.evidenceGaps.pending).toEqual([]);
  });
});

describe("the reference sheet per indicator", () => {
  it("is on the pilot page with the indicator's evidence by reported period", async () => {
    const page = await coordinator.caller.pilots.page({ id: a.pilotId });
    const participants = page.indicators.find((i) => i.indicator.id === a.participants)!;
    expect(participants.reference).toMatchObject({
      definition: "People who attended at least one session.",
      responsible: "Anna Rossi",
      meansOfVerification: "Signed attendance sheets",
    });
    expect([participants.attachedPeriods, participants.missingPeriods]).toEqual([1, 1]);
    const survey = page.indicators.find((i) => i.indicator.id === a.survey)!;
    expect([survey.reference.meansOfVerification, survey.attachedPeriods, survey.missingPeriods]).toEqual(["", 0, 0]);
  });

  it("is a section of the indicator table export, with the evidence counts, and columns of the pilot's own indicator table", async () => {
    const doc = await manager.caller.exports.document({ table: "indicators", projectId: a.projectId, pilotIds: [a.pilotId] });
    const reference = doc.sections.at(-1)!;
    expect(reference.name).toBe("Reference sheets");
    expect(reference.columns.map((c) => c.header)).toEqual([
      "Indicator",
      "Definition",
      "Data source",
      "Collection method",
      "Frequency of collection",
      "Responsible person",
      "Means of verification (evidence expected)",
      "Periods with evidence",
      "Periods missing evidence",
    ]);
    expect(reference.rows).toEqual([
      [
        { t: "text", v: "Participants" },
        { t: "text", v: "People who attended at least one session." },
        { t: "text", v: "Attendance registers" },
        null,
        null,
        { t: "text", v: "Anna Rossi" },
        { t: "text", v: "Signed attendance sheets" },
        { t: "number", v: 1 },
        { t: "number", v: 1 },
      ],
      [{ t: "text", v: "Survey answers" }, null, null, null, null, null, null, { t: "number", v: 0 }, { t: "number", v: 0 }],
    ]);
    const table = await manager.caller.exports.pilotIndicatorTable({ pilotId: a.pilotId });
    expect(table.rows.find((row) => row.name === "Participants")).toMatchObject({
      reference: { meansOfVerification: "Signed attendance sheets", dataSource: "Attendance registers" },
      evidence: { attachedPeriods: 1, missingPeriods: 1 },
    });
  });
});
