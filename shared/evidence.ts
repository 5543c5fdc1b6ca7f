/**
 * Evidence behind results: what may be attached, how much, and what counts as attached or missing. The
 * server enforces these (server/writes/evidence.ts, server/evidence/store.ts); the forms show the same
 * limits. docs/decisions/019-evidence.md says why.
 */

export const EVIDENCE_LIMITS = {
  /** One file: enough for a scanned attendance sheet or a survey export, not for a video. */
  maxBytes: 10 * 1024 * 1024,
  /** Files and links on one result (an indicator in a period). */
  maxItemsPerResult: 10,
  maxDescription: 500,
  maxFileName: 200,
} as const;

/**
 * The types a file may have, as detected from its content (file-type), each with the extension the
 * download is named with. Nothing that a browser would run or render as a page (HTML, SVG, XML, scripts).
 */
export const evidenceTypes = {
  "application/pdf": "pdf",
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/webp": "webp",
  "image/gif": "gif",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "text/csv": "csv",
} as const satisfies Record<string, string>;
export type EvidenceType = keyof typeof evidenceTypes;

export const isEvidenceType = (type: string): type is EvidenceType => Object.hasOwn(evidenceTypes, type);

/** Images the evidence list may show as a thumbnail: raster formats a browser decodes as images only. */
export const previewableTypes: readonly EvidenceType[] = ["image/png", "image/jpeg", "image/webp", "image/gif"];

/** What the file picker offers; the server judges the content whatever the name says. */
export const evidenceAccept = ".pdf,.png,.jpg,.jpeg,.webp,.gif,.docx,.xlsx,.pptx,.odt,.ods,.csv";

/**
 * The uploaded name made safe to show and to offer as a download name: the last path segment only, no
 * control or bidirectional characters, no leading dots, at most maxFileName characters. Never a path.
 */
export function cleanFileName(name: string): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? "";
  const cleaned = lastSegment
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(0, EVIDENCE_LIMITS.maxFileName);
  return cleaned === "" ? "evidence" : cleaned;
}

/** A reference sheet's fields in the order every view shows them (set-up form, pilot page, exports, final report's annex). */
export const referenceSheetFields = ["definition", "dataSource", "collectionMethod", "collectionFrequency", "responsible", "meansOfVerification"] as const;
export type ReferenceSheetField = (typeof referenceSheetFields)[number];

/** The evidence status of an indicator in a period. */
export type EvidenceStatus = "notExpected" | "attached" | "missing";

export function evidenceStatus(meansOfVerification: string, attached: number): EvidenceStatus {
  if (attached > 0) return "attached";
  return meansOfVerification.trim() === "" ? "notExpected" : "missing";
}

/** What the approve step must know about each reported indicator's evidence. */
export interface EvidenceToCheck {
  indicatorId: number;
  name: string;
  status: EvidenceStatus;
}

/**
 * Approving asks the reviewer to tick "evidence checked" for each indicator that expects or has evidence,
 * or to say in a note that evidence is pending. Returns the indicators neither ticked nor covered by a
 * note: empty means the approval may go on.
 */
export function uncheckedEvidence(items: readonly EvidenceToCheck[], checkedIds: readonly number[], pendingNote: string): EvidenceToCheck[] {
  if (pendingNote.trim() !== "") return [];
  const checked = new Set(checkedIds);
  return items.filter((item) => item.status !== "notExpected" && !checked.has(item.indicatorId));
}

/** Counts for the pilot page, exports and the final report: results with evidence and expected but missing. */
export interface EvidenceCounts {
  results: number;
  withEvidence: number;
  missing: number;
}

export function countEvidence(statuses: readonly EvidenceStatus[]): EvidenceCounts {
  return {
    results: statuses.length,
    withEvidence: statuses.filter((s) => s === "attached").length,
    missing: statuses.filter((s) => s === "missing").length,
  };
}
