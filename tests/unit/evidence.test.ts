import { describe, expect, it } from "vitest";
import { cleanFileName, countEvidence, evidenceStatus, uncheckedEvidence, type EvidenceToCheck } from "../../shared/evidence";

describe("evidence status", () => {
  it.each([
    ["", 0, "notExpected"],
    ["   ", 0, "notExpected"],
    ["Signed attendance sheets", 0, "missing"],
    ["Signed attendance sheets", 2, "attached"],
    ["", 1, "attached"],
  ] as const)("means %j with %i attached is %s", (means, attached, status) => {
    expect(evidenceStatus(means, attached)).toBe(status);
  });

  it("counts results with evidence and missing", () => {
    expect(countEvidence(["attached", "missing", "notExpected", "attached"])).toEqual({ results: 4, withEvidence: 2, missing: 1 });
  });
});

describe("approving asks for each indicator's evidence checked, or a note", () => {
  const items: EvidenceToCheck[] = [
    { indicatorId: 1, name: "Participants", status: "attached" },
    { indicatorId: 2, name: "Survey", status: "missing" },
    { indicatorId: 3, name: "Visits", status: "notExpected" },
  ];
  it("names what is neither ticked nor expected-free", () => {
    expect(uncheckedEvidence(items, [], "").map((i) => i.indicatorId)).toEqual([1, 2]);
    expect(uncheckedEvidence(items, [1], "  ").map((i) => i.indicatorId)).toEqual([2]);
    expect(uncheckedEvidence(items, [1, 2], "")).toEqual([]);
  });
  it("a note that evidence is pending lets the approval go on", () => {
    expect(uncheckedEvidence(items, [], "Sheets come by post.")).toEqual([]);
  });
});

describe("uploaded names", () => {
  it.each([
    ["attendance.pdf", "attendance.pdf"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\anna\\sheet.pdf", "sheet.pdf"],
    [".htaccess", "htaccess"],
    ["bad\u0000name\u0007.pdf", "badname.pdf"],
    ["inv\u202eoice.pdf", "invoice.pdf"],
    ["", "evidence"],
    ["dir/", "evidence"],
  ])("%j is shown as %j", (raw, shown) => {
    expect(cleanFileName(raw)).toBe(shown);
  });
  it("is cut to 200 characters", () => {
    expect(cleanFileName(`${"a".repeat(300)}.pdf`)).toHaveLength(200);
  });
});
