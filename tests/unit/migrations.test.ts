import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * A migration that has shipped has run on somebody's database: changing or removing it afterwards leaves
 * that database different from a fresh one, silently. New migrations are welcome; add their line here
 * when they ship. Never edit a line.
 */
const shipped: Record<string, string> = {
  "0000_initial.sql": "796772daf91a584e4b43ff4f75cbe6c29cce7d233dd8dbb7f328dc44f933493e",
  "0001_pilot_changes.sql": "36e47da0e16e5dfca39fd593f3b978777a6c09166f35b2a180579125f729205a",
  "0002_pilot_change_triggers.sql": "cd27dea557c8f9c6cbb7bc2a660f05692b108d380a2959549f5ebe58c504096b",
  "0003_final_report.sql": "20685e5c45f3cdeaf21b839b8b63001611d4326cf786fb6ea9105966ef6b089a",
  "0004_stakeholder_register.sql": "367b5249e7c24978ff4ca6037da685171985a67573115de2c6a3f8276f738cb6",
  "0005_accounts.sql": "3e72e50fd12892597cbff243e11ce873dd50f7b3ca379e36eb0ed858f7afa33f",
  "0006_user_language.sql": "a13f0fa9f6492fd236c994f6b763ba7a86d57d570be8b639df332607b49dadb4",
  "0007_security_log.sql": "54e17b4f8bb6636507a832c89ed7b82178b31545103b99b2e3119589997dd111",
  "0008_audit_log_append_only.sql": "3bf64932ffee27a95bd1ac86004f3b29d60c28e1c029e0adfd7b707e9e8fdaae",
  "0009_api_tokens.sql": "e7b46374691d13c4ca1edd805ce3de5f8cda62abe8c3cda593f77d7ce4a03edc",
  "0010_people.sql": "d7da320e130c4fe819426c9d1efd71bca4d555f913e1109b7aa9cb61eb501cc5",
  "0011_kinds.sql": "481a70301dbb492263c58bb8b3e47c710387b266b162bcf111c109b7d2baf6ac",
  "0012_evidence.sql": "a265a40f68b524778674a255fd65ee422597ab4739a270389eb42f57635ae15f",
  "0013_signals.sql": "f2c771e634766ea16766ad0a62edaf0f81e59bda4f0c7475f4689e7ecb57056f",
  "0014_accounts_settings.sql": "e16b59bfeed3beb962d2f4e272c14844dfa0dea0868a3f55ad49df0681c9a0f4",
  "0015_notice_preferences.sql": "4acecdfb29e717ee31d7123e9d691cb60508df2a72a50b9c30f9d53be3a5394a",
  "0016_programme_indicators.sql": "53fdd52a73c53a971bbcd3e99ff6dfe69bee8d3b2ce048149283ce97e1b979a8",
  "0017_goal_revisions.sql": "1583deecd6c5986e549d349823609a20604563efe6143d3103c8a5305a690f84",
};

/** The journal's entries of the shipped migrations: drizzle applies by `when`, so a changed one re-runs or skips. */
const shippedJournal: { idx: number; tag: string; when: number }[] = [
  { idx: 0, tag: "0000_initial", when: 1795412435221 },
  { idx: 1, tag: "0001_pilot_changes", when: 1795417709663 },
  { idx: 2, tag: "0002_pilot_change_triggers", when: 1795417710654 },
  { idx: 3, tag: "0003_final_report", when: 1795421150400 },
  { idx: 4, tag: "0004_stakeholder_register", when: 1795422779918 },
  { idx: 5, tag: "0005_accounts", when: 1795423320739 },
  { idx: 6, tag: "0006_user_language", when: 1795428310206 },
  { idx: 7, tag: "0007_security_log", when: 1796161219370 },
  { idx: 8, tag: "0008_audit_log_append_only", when: 1796161222726 },
  { idx: 9, tag: "0009_api_tokens", when: 1796236186159 },
  { idx: 10, tag: "0010_people", when: 1796240030271 },
  { idx: 11, tag: "0011_kinds", when: 1796240048972 },
  { idx: 12, tag: "0012_evidence", when: 1796240456245 },
  { idx: 13, tag: "0013_signals", when: 1796240787500 },
  { idx: 14, tag: "0014_accounts_settings", when: 1796276815398 },
  { idx: 15, tag: "0015_notice_preferences", when: 1796281097821 },
  { idx: 16, tag: "0016_programme_indicators", when: 1796282240604 },
  { idx: 17, tag: "0017_goal_revisions", when: 1796282485255 },
];

const folder = join(import.meta.dirname, "../../db/migrations");
const sha256 = (file: string) =>
  createHash("sha256")
    .update(readFileSync(join(folder, file)))
    .digest("hex");
const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };

describe("shipped migrations", () => {
  it.each(Object.entries(shipped))("%s is still there, byte for byte", (file, checksum) => {
    expect(readdirSync(folder)).toContain(file);
    expect(sha256(file)).toBe(checksum);
  });

  it("keeps the journal's entries of shipped migrations as they were, in order", () => {
    expect(journal.entries.slice(0, shippedJournal.length).map(({ idx, tag, when }) => ({ idx, tag, when }))).toEqual(shippedJournal);
  });

  it("adds new migrations only after the shipped ones, each with its journal entry", () => {
    const files = readdirSync(folder)
      .filter((f) => f.endsWith(".sql"))
      .sort();
    expect(files.slice(0, Object.keys(shipped).length)).toEqual(Object.keys(shipped));
    expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files);
    const times = journal.entries.map((e) => e.when);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
