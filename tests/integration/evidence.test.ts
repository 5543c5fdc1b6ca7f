import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildFinalReport } from "../../server/reports/finalReport";
import { finalReportDocx } from "../../server/reports/finalReportDocx";
import { checkEvidenceFolder, evidenceDirFor, sha256Of } from "../../server/evidence/store";
import { databaseChecksum } from "../support/checksum";
import { docxFile, pdfFile } from "../support/evidenceFiles";
import { factories } from "../support/factories";
import { refusal, refusalOf } from "../support/refusal";
import { createTestDatabase } from "../support/testDatabase";

type Account = Awaited<ReturnType<ReturnType<typeof factories>["account"]>>;
let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;
let coordinator: Account, manager: Account, evaluator: Account, otherCoordinator: Account;
let setup: { pilotId: number; periodId: number; sheets: number; survey: number };

beforeEach(async () => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
  const { pilot, current } = await make.pilot({ periodsDue: 2 });
  const sheets = await make.indicator(pilot.id, { name: "Participants" });
  const survey = await make.indicator(pilot.id, { name: "Survey answers" });
  const other = await make.pilot();
  coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
  manager = await make.account("project_manager", { projectId: pilot.projectId });
  evaluator = await make.account("evaluator", { projectId: pilot.projectId });
  otherCoordinator = await make.account("pilot_coordinator", { pilotId: other.pilot.id });
  setup = { pilotId: pilot.id, periodId: current.id, sheets: sheets.id, survey: survey.id };
});
afterEach(() => testDb.cleanup());

const attach = (who: Account, indicatorId: number, bytes: Buffer, fileName: string) =>
  who.caller.evidence.attachFile({ periodId: setup.periodId, indicatorId, fileName, description: "", bytes: new Uint8Array(bytes) });

describe("evidence through the router", () => {
  it("a reference sheet, a PDF and a link attached, stored by hash beside the database, listed, counted and audited", async () => {
    await manager.caller.evidence.saveReference({ indicatorId: setup.sheets, version: 0, fields: { meansOfVerification: "Signed attendance sheets", dataSource: "Registers" } });
    expect(await coordinator.caller.evidence.reference({ indicatorId: setup.sheets })).toMatchObject({
      meansOfVerification: "Signed attendance sheets",
      version: 1,
      updatedBy: manager.name,
    });
    // Only a manager writes the sheet.
    expect((await refusal(coordinator.caller.evidence.saveReference({ indicatorId: setup.sheets, version: 1, fields: {} }))).code).toBe("FORBIDDEN");

    await coordinator.caller.results.savePeriod({
      periodId: setup.periodId,
      entries: [
        { indicatorId: setup.sheets, expectedVersion: null, value: 30, comment: "First sessions." },
        { indicatorId: setup.survey, expectedVersion: null, value: 10, comment: "First answers." },
      ],
    });
    let view = await coordinator.caller.evidence.forPeriod({ periodId: setup.periodId });
    expect(view.indicators.map((i) => [i.name, i.status])).toEqual([
      ["Participants", "missing"],
      ["Survey answers", "notExpected"],
    ]);

    const pdf = pdfFile();
    const { id } = await attach(coordinator, setup.sheets, pdf, "../../etc/attendance march.PDF");
    await coordinator.caller.evidence.addLink({ periodId: setup.periodId, indicatorId: setup.survey, url: "https://forms.example.org/results/42", description: "Survey export" });
    view = await evaluator.caller.evidence.forPeriod({ periodId: setup.periodId });
    expect(view.indicators.map((i) => i.status)).toEqual(["attached", "attached"]);
    expect(view.indicators[0]!.items[0]).toMatchObject({
      kind: "file",
      fileName: "attendance march.PDF",
      contentType: "application/pdf",
      sizeBytes: pdf.length,
      addedBy: coordinator.name,
    });

    // On disk under its hash, in the folder beside the database; the evaluator downloads the same bytes.
    const dir = evidenceDirFor(testDb.db);
    expect(dir).toBe(join(testDb.path, "..", "evidence"));
    expect(readFileSync(join(dir, sha256Of(pdf).slice(0, 2), sha256Of(pdf)))).toEqual(pdf);
    const download = await evaluator.caller.evidence.file({ evidenceId: id });
    expect(Buffer.from(download.bytes)).toEqual(pdf);
    expect(download).toMatchObject({ contentType: "application/pdf", fileName: "attendance march.pdf" });
    // Another pilot's coordinator is refused the file, as for anything not theirs.
    expect((await refusal(otherCoordinator.caller.evidence.file({ evidenceId: id }))).code).toBe("FORBIDDEN");
    expect((await refusal(attach(otherCoordinator, setup.sheets, pdf, "x.pdf"))).code).toBe("FORBIDDEN");

    expect(await manager.caller.evidence.pilotCounts({ pilotId: setup.pilotId })).toEqual({ results: 2, withEvidence: 2, missing: 0, pendingApprovals: 0 });
    expect((await manager.caller.evidence.annex({ pilotId: setup.pilotId })).map((row) => [row.indicatorName, row.kind, row.name])).toEqual([
      ["Participants", "file", "attendance march.PDF"],
      ["Survey answers", "link", "https://forms.example.org/results/42"],
    ]);
    // Who attached it is in the annex; nobody has checked it yet.
    expect((await manager.caller.evidence.annex({ pilotId: setup.pilotId }))[0]).toMatchObject({ addedBy: coordinator.name, checkedBy: null, checkedAt: null });
    const audit = testDb.db.$client
      .prepare("SELECT entity_type AS type, action, actor_name AS actor FROM audit_log WHERE entity_type IN ('evidence','indicator_reference') ORDER BY id")
      .all();
    expect(audit).toEqual([
      { type: "indicator_reference", action: "create", actor: manager.name },
      { type: "evidence", action: "attach", actor: coordinator.name },
      { type: "evidence", action: "attach", actor: coordinator.name },
    ]);
    expect(checkEvidenceFolder(testDb.db, dir)).toEqual({ orphans: [], missing: [], corrupt: [] });
  });

  it("the same file twice is stored once; removal keeps the file and the history, and the status goes back to missing", async () => {
    await manager.caller.evidence.saveReference({ indicatorId: setup.sheets, version: 0, fields: { meansOfVerification: "Survey file" } });
    const docx = await docxFile();
    const first = await attach(coordinator, setup.sheets, docx, "survey.docx");
    const second = await attach(coordinator, setup.sheets, docx, "survey copy.docx");
    const rows = testDb.db.$client.prepare("SELECT content_type AS type, sha256 FROM evidence_items ORDER BY id").all() as { type: string; sha256: string }[];
    expect(rows.map((r) => r.type)).toEqual([
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(1);

    await coordinator.caller.evidence.remove({ evidenceId: first.id });
    await coordinator.caller.evidence.remove({ evidenceId: second.id });
    expect((await refusal(coordinator.caller.evidence.remove({ evidenceId: second.id }))).code).toBe("CONFLICT");
    expect((await refusal(coordinator.caller.evidence.file({ evidenceId: first.id }))).code).toBe("NOT_FOUND");
    expect((await coordinator.caller.evidence.forPeriod({ periodId: setup.periodId })).indicators[0]).toMatchObject({ status: "missing", items: [] });
    // The removed file stays in the folder (the audit trail names it); nothing is an orphan or missing.
    expect(checkEvidenceFolder(testDb.db, evidenceDirFor(testDb.db))).toEqual({ orphans: [], missing: [], corrupt: [] });
    const removals = testDb.db.$client.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = 'evidence' AND action = 'remove'").get() as { n: number };
    expect(removals.n).toBe(2);
  });

  it("a submitted or approved period locks its evidence like its results; approving asks for evidence checked or a note", async () => {
    await manager.caller.evidence.saveReference({ indicatorId: setup.sheets, version: 0, fields: { meansOfVerification: "Signed attendance sheets" } });
    await coordinator.caller.results.savePeriod({
      periodId: setup.periodId,
      entries: [{ indicatorId: setup.sheets, expectedVersion: null, value: 30, comment: "First sessions." }],
    });
    const { id } = await attach(coordinator, setup.sheets, pdfFile(), "sheet.pdf");
    await coordinator.caller.reviews.submit({ periodId: setup.periodId, version: 0, confirmIncomplete: true });

    const before = databaseChecksum(testDb.db);
    expect((await refusalOf(attach(coordinator, setup.sheets, pdfFile("late"), "late.pdf"))).keys).toContain("periods.locked.submitted");
    expect((await refusalOf(coordinator.caller.evidence.remove({ evidenceId: id }))).keys).toContain("periods.locked.submitted");
    expect((await refusalOf(coordinator.caller.evidence.addLink({ periodId: setup.periodId, indicatorId: setup.sheets, url: "https://example.org/x" }))).keys).toContain(
      "periods.locked.submitted",
    );

    const unchecked = await refusalOf(manager.caller.reviews.approve({ periodId: setup.periodId, version: 1 }));
    expect(unchecked.fields).toEqual({ evidenceChecked: "evidence.review.uncheckedRefusal" });
    expect(databaseChecksum(testDb.db)).toBe(before);

    await manager.caller.reviews.approve({ periodId: setup.periodId, version: 1, evidenceChecked: [setup.sheets] });
    const view = await manager.caller.evidence.forPeriod({ periodId: setup.periodId });
    expect(view.indicators[0]).toMatchObject({ checkedBy: manager.name });
    // The annex says who checked it, from the same check the review recorded.
    const annex = await manager.caller.evidence.annex({ pilotId: setup.pilotId });
    expect(annex.map((row) => [row.checkedBy, row.checkedAt])).toEqual([[manager.name, view.indicators[0]!.checkedAt]]);
    expect(annex[0]!.checkedAt).not.toBeNull();
    // The final report's DOCX, read back from the real file: the annex table names the file, who attached it and who checked it.
    const report = buildFinalReport(testDb.db, setup.pilotId, "2100-01-01", "en")!;
    const xml = await (await JSZip.loadAsync(await finalReportDocx(report))).file("word/document.xml")!.async("string");
    const words = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("|");
    expect(words).toContain(
      "Annex: evidence|Indicator reference sheets|Participants|Means of verification (evidence expected)|Signed attendance sheets|Evidence attached|Indicator|Period|Name|Attached by|Checked by",
    );
    expect(words).toContain(`|${coordinator.name}, `);
    expect(words).toContain(`|${manager.name}, `);
    expect(words).not.toContain("No evidence attached.");
    expect((await refusalOf(coordinator.caller.evidence.remove({ evidenceId: id }))).keys).toContain("periods.locked.approved");
  });

  it("the final report's annex shows each saved reference sheet, filled fields only, in indicator order, before the evidence, on the page data and in the DOCX", async () => {
    const workshops = await make.indicator(setup.pilotId, { name: "Workshops" });
    const blank = await make.indicator(setup.pilotId, { name: "Blank sheet" });
    // Saved out of indicator order, one sheet with every field empty and one indicator without any.
    await manager.caller.evidence.saveReference({
      indicatorId: setup.survey,
      version: 0,
      fields: { definition: "Answers to the exit survey.\nOne per participant.", meansOfVerification: "Survey file" },
    });
    await manager.caller.evidence.saveReference({
      indicatorId: setup.sheets,
      version: 0,
      fields: {
        definition: "People attending a session",
        dataSource: "Registers",
        collectionMethod: "Head count",
        collectionFrequency: "Each session",
        responsible: "Anna Rossi",
        meansOfVerification: "Signed attendance sheets",
      },
    });
    await manager.caller.evidence.saveReference({ indicatorId: blank.id, version: 0, fields: { definition: "  " } });
    expect(testDb.db.$client.prepare("SELECT COUNT(*) AS n FROM indicator_references WHERE indicator_id = ?").get(blank.id)).toEqual({ n: 1 });
    await coordinator.caller.evidence.addLink({ periodId: setup.periodId, indicatorId: setup.survey, url: "https://forms.example.org/results/42", description: "Survey export" });

    const report = buildFinalReport(testDb.db, setup.pilotId, "2100-01-01", "en")!;
    expect(report.referenceSheets).toEqual([
      {
        indicatorId: setup.sheets,
        indicatorName: "Participants",
        fields: [
          { field: "definition", value: "People attending a session" },
          { field: "dataSource", value: "Registers" },
          { field: "collectionMethod", value: "Head count" },
          { field: "collectionFrequency", value: "Each session" },
          { field: "responsible", value: "Anna Rossi" },
          { field: "meansOfVerification", value: "Signed attendance sheets" },
        ],
      },
      {
        indicatorId: setup.survey,
        indicatorName: "Survey answers",
        fields: [
          { field: "definition", value: "Answers to the exit survey.\nOne per participant." },
          { field: "meansOfVerification", value: "Survey file" },
        ],
      },
    ]);
    expect(report.referenceSheets.map((sheet) => sheet.indicatorId)).not.toContain(workshops.id);
    expect(report.evidenceAnnex.map((row) => row.name)).toEqual(["https://forms.example.org/results/42"]);

    // The DOCX, read back from the real file: the sheets come first, labelled in the reader's language, then the evidence.
    const wordsOf = async (language: string) => {
      const built = buildFinalReport(testDb.db, setup.pilotId, "2100-01-01", language)!;
      const xml = await (await JSZip.loadAsync(await finalReportDocx(built))).file("word/document.xml")!.async("string");
      return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("|");
    };
    const english = await wordsOf("en");
    expect(english).toContain(
      "Annex: evidence|Indicator reference sheets|Participants|Definition|People attending a session|Data source|Registers|Collection method|Head count|Frequency of collection|Each session|Responsible person|Anna Rossi|Means of verification (evidence expected)|Signed attendance sheets|Survey answers|Definition|Answers to the exit survey.|One per participant.|Means of verification (evidence expected)|Survey file|Evidence attached|",
    );
    const annex = english.slice(english.indexOf("Annex: evidence|"));
    expect(annex).not.toContain("Workshops");
    expect(annex).not.toContain("Blank sheet");
    const italian = await wordsOf("it");
    expect(italian).toContain("Schede di riferimento degli indicatori|Participants|Definizione|People attending a session|");
    expect(italian).toContain("|Signed attendance sheets|Survey answers|");
  });

  it("approving with a note that evidence is pending records the note", async () => {
    await manager.caller.evidence.saveReference({ indicatorId: setup.sheets, version: 0, fields: { meansOfVerification: "Signed attendance sheets" } });
    await coordinator.caller.results.savePeriod({
      periodId: setup.periodId,
      entries: [{ indicatorId: setup.sheets, expectedVersion: null, value: 30, comment: "First sessions." }],
    });
    await coordinator.caller.reviews.submit({ periodId: setup.periodId, version: 0, confirmIncomplete: true });
    await manager.caller.reviews.approve({ periodId: setup.periodId, version: 1, evidenceNote: "Sheets arrive by post in May." });
    const stored = testDb.db.$client.prepare("SELECT evidence_note AS note FROM period_reports WHERE period_id = ?").get(setup.periodId) as { note: string };
    expect(stored.note).toBe("Sheets arrive by post in May.");
  });
});
