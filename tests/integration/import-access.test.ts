import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { databaseChecksum } from "../support/checksum";
import { authedFetch, commitImport, previewImport, useImportSession } from "../support/importHttp";
import { callerAs, DEMO_ACCOUNTS } from "../support/testDatabase";
import { signInCookie, startTestServer } from "../support/testServer";

/*
 * Imports under the same rules as the procedures (server/access.ts): who may write each sheet, whose job
 * it is, the roles held at commit, the author of what is imported, and the audit lines it leaves.
 */

let running: Awaited<ReturnType<typeof startTestServer>>;
let baseUrl: string;
let pilotId: number;

const userIdOf = (email: string) => (running.db.$client.prepare("SELECT id FROM users WHERE email = ?").get(email) as { id: number }).id;
const userNameOf = (email: string) => (running.db.$client.prepare("SELECT name FROM users WHERE email = ?").get(email) as { name: string }).name;
const indicatorOf = (code: string) =>
  running.db.$client.prepare("SELECT id, goal, unit, version FROM indicators WHERE pilot_id = ? AND code = ?").get(pilotId, code) as {
    id: number;
    goal: number;
    unit: string;
    version: number;
  };
async function signInAs(email: string) {
  useImportSession(baseUrl, await signInCookie(baseUrl, running.db, email));
}
async function trpc(path: string, input: unknown, kind: "query" | "mutation") {
  const response =
    kind === "query"
      ? await authedFetch(`${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`)
      : await authedFetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
  const body = (await response.json()) as { error?: { message: string; data: { code: string } } };
  return { status: response.status, code: body.error?.data.code ?? "OK", message: body.error?.message ?? "" };
}

beforeEach(async () => {
  running = await startTestServer();
  baseUrl = running.baseUrl;
  pilotId = (running.db.$client.prepare("SELECT id FROM pilots WHERE title = '[Fictional] Valley Welcome Desk'").get() as { id: number }).id;
});
afterEach(() => running.stop());

const indicatorsHeader = "Code,Indicator,Kind,Measure,Cumulation,Unit,Baseline,Goal,Goal direction";
const resultsHeader = "Code,Period,Value,Comment,Entered by";

describe("imports under the permission rules", { timeout: 60_000 }, () => {
  it("refuses a coordinator's Indicators sheet, naming the sheet and rows, and leaves the indicator as it was", async () => {
    await signInAs(DEMO_ACCOUNTS.coordinator);
    const before = indicatorOf("LANG-H");
    const csv = [
      indicatorsHeader,
      `LANG-H,Hours of language courses delivered,quantitative,count,increments,teaching hours,0,${before.goal},at_least`,
      "NEW-9,A new indicator,quantitative,count,increments,,0,5,at_least",
    ].join("\n");
    const checksum = databaseChecksum(running.db);
    const job = await previewImport(baseUrl, csv, { fileName: "indicators.csv", pilotId });
    expect(job.phase).toBe("failed");
    expect(job.error!.code).toBe("FORBIDDEN");
    expect(job.error!.message).toBe(
      'The Indicators sheet creates or changes indicators of "[Fictional] Valley Welcome Desk" (rows 2, 3): that needs the right to set up the pilot, which a project manager has. Nothing was imported.',
    );
    expect((await commitImport(baseUrl, job)).status).not.toBe(200);
    expect(indicatorOf("LANG-H")).toEqual(before);
    expect(databaseChecksum(running.db)).toBe(checksum);
  });

  it("lets the project manager change an indicator and add one by import, with an audit line for each under their name", async () => {
    await signInAs(DEMO_ACCOUNTS.manager);
    const before = indicatorOf("LANG-H");
    const csv = [
      indicatorsHeader,
      // LANG-H has results: its unit changes by file, its goal only in its form, with a reason (docs/decisions/022).
      `LANG-H,Hours of language courses delivered,quantitative,count,increments,teaching hours,0,${before.goal},at_least`,
      "NEW-9,A new indicator,quantitative,count,increments,,0,5,at_least",
    ].join("\n");
    const job = await previewImport(baseUrl, csv, { fileName: "indicators.csv", pilotId });
    expect(job.preview!.counts.indicators).toEqual({ create: 1, change: 1, unchanged: 0 });
    expect((await commitImport(baseUrl, job)).job!.phase).toBe("done");
    expect(indicatorOf("LANG-H")).toMatchObject({ unit: "teaching hours", goal: before.goal });
    const manager = userIdOf(DEMO_ACCOUNTS.manager);
    const lines = running.db.$client
      .prepare(
        "SELECT actor_id AS actorId, actor_name AS actorName, entity_type AS entityType, entity_id AS entityId, action, before, after, pilot_id AS pilotId FROM audit_log WHERE entity_type IN ('indicator', 'import') ORDER BY id DESC LIMIT 3",
      )
      .all() as { actorId: number; actorName: string; entityType: string; entityId: number; action: string; before: string | null; after: string; pilotId: number }[];
    const [importLine, created, changed] = lines;
    expect(changed).toMatchObject({ actorId: manager, entityType: "indicator", entityId: before.id, action: "change", pilotId });
    expect(JSON.parse(changed!.before!)).toEqual({ unit: before.unit });
    expect(JSON.parse(changed!.after)).toEqual({ unit: "teaching hours", source: "import" });
    expect(created).toMatchObject({ actorId: manager, entityType: "indicator", action: "create", pilotId });
    expect(JSON.parse(created!.after)).toMatchObject({ code: "NEW-9", goal: 5 });
    expect(importLine).toMatchObject({ actorId: manager, actorName: userNameOf(DEMO_ACCOUNTS.manager), entityType: "import", action: "import", pilotId });
    expect(JSON.parse(importLine!.after)).toEqual({
      fileName: "indicators.csv",
      projects: { create: 0, change: 0, unchanged: 0 },
      pilots: { create: 0, change: 0, unchanged: 0 },
      indicators: { create: 1, change: 1, unchanged: 0 },
      results: { create: 0, change: 0, unchanged: 0 },
    });
  });

  it("refuses a manager's Results sheet: entering results is the coordinator's", async () => {
    await signInAs(DEMO_ACCOUNTS.manager);
    const job = await previewImport(baseUrl, [resultsHeader, "LANG-H,5,60,"].join("\n"), { fileName: "q5.csv", pilotId });
    expect(job.error).toMatchObject({ code: "FORBIDDEN", message: expect.stringContaining("The Results sheet enters results for") });
  });

  it("refuses an evaluator's upload into a pilot, and a coordinator's upload of whole projects, before reading the file", async () => {
    await signInAs(DEMO_ACCOUNTS.evaluator);
    const intoPilot = await authedFetch(`${baseUrl}/api/imports?fileName=x.csv&pilotId=${pilotId}`, { method: "POST", body: `${resultsHeader}\nLANG-H,5,60,\n` });
    expect(intoPilot.status).toBe(403);
    expect(((await intoPilot.json()) as { error: string }).error).toBe("Your account does not allow importing into this pilot.");
    await signInAs(DEMO_ACCOUNTS.coordinator);
    const projects = await authedFetch(`${baseUrl}/api/imports?fileName=x.csv`, { method: "POST", body: `${resultsHeader}\nLANG-H,5,60,\n` });
    expect(projects.status).toBe(403);
    const unknownPilot = await authedFetch(`${baseUrl}/api/imports?fileName=x.csv&pilotId=999999`, { method: "POST", body: `${resultsHeader}\nLANG-H,5,60,\n` });
    expect(unknownPilot.status).toBe(403);
  });

  it("keeps a job to the person who uploaded it: anyone else gets the answer of an unknown id", async () => {
    await signInAs(DEMO_ACCOUNTS.coordinator);
    const job = await previewImport(baseUrl, [resultsHeader, "LANG-H,5,60,"].join("\n"), { fileName: "q5.csv", pilotId });
    expect(job.phase).toBe("ready");
    const unknown = "5b0d8f3e-2a8f-4c41-9d1e-6a3c2b7e9f10";
    const owner = await signInCookie(baseUrl, running.db, DEMO_ACCOUNTS.coordinator);
    // Even an administrator: the job is a person's work in progress, not a record.
    const others = [DEMO_ACCOUNTS.administrator, DEMO_ACCOUNTS.manager, DEMO_ACCOUNTS.lusernaCoordinator];
    const cookies = new Map<string, string>();
    for (const other of others) cookies.set(other, await signInCookie(baseUrl, running.db, other));
    const checksum = databaseChecksum(running.db);
    for (const other of others) {
      useImportSession(baseUrl, cookies.get(other)!);
      for (const jobId of [job.jobId, unknown]) {
        const answers = [
          await trpc("imports.job", { jobId }, "query"),
          await trpc("imports.commit", { jobId, token: job.preview!.token }, "mutation"),
          await trpc("imports.discard", { jobId }, "mutation"),
        ];
        expect(answers, `${other} on ${jobId === unknown ? "an unknown id" : "the coordinator's job"}`).toEqual(
          Array(3).fill({ status: 404, code: "NOT_FOUND", message: "This import has expired: upload the file again." }),
        );
      }
    }
    expect(databaseChecksum(running.db)).toBe(checksum);
    // The owner's job is untouched by all this and still commits.
    useImportSession(baseUrl, owner);
    expect((await commitImport(baseUrl, job)).job!.phase).toBe("done");
  });

  it("checks the roles again at commit: a coordinator whose role was removed after the preview cannot commit it", async () => {
    await signInAs(DEMO_ACCOUNTS.coordinator);
    const job = await previewImport(baseUrl, [resultsHeader, "LANG-H,5,60,"].join("\n"), { fileName: "q5.csv", pilotId });
    expect(job.phase).toBe("ready");
    const coordinator = userIdOf(DEMO_ACCOUNTS.coordinator);
    const roles = running.db.$client.prepare("SELECT id FROM memberships WHERE user_id = ? AND pilot_id = ?").all(coordinator, pilotId) as { id: number }[];
    expect(roles.length).toBeGreaterThan(0);
    const admin = callerAs(running.db, DEMO_ACCOUNTS.administrator);
    for (const role of roles) await admin.users.removeMembership({ id: role.id });
    const checksum = databaseChecksum(running.db);
    const commit = await commitImport(baseUrl, job);
    expect(commit.status).toBe(403);
    expect(commit.message).toBe("Your account does not allow importing into this pilot.");
    expect(databaseChecksum(running.db)).toBe(checksum);
  });

  it("ignores the file's \"Entered by\" and says so: the results and their audit lines are the signed-in person's", async () => {
    await signInAs(DEMO_ACCOUNTS.coordinator);
    const job = await previewImport(baseUrl, [resultsHeader, "LANG-H,5,60,From the file", "PPL-INF,5,130,Also from the file,Somebody Else"].join("\n"), {
      fileName: "q5.csv",
      pilotId,
    });
    expect(job.preview!.problems).toEqual([]);
    expect(job.preview!.notices).toEqual(['The "Entered by" column is ignored: imported results are recorded as entered by you, the person signed in.']);
    expect((await commitImport(baseUrl, job)).job!.phase).toBe("done");
    const coordinator = { id: userIdOf(DEMO_ACCOUNTS.coordinator), name: userNameOf(DEMO_ACCOUNTS.coordinator) };
    const written = running.db.$client
      .prepare(
        `SELECT r.entered_by AS enteredBy, a.actor_id AS actorId, a.actor_name AS actorName FROM results r
         JOIN audit_log a ON a.entity_type = 'result' AND a.entity_id = r.id
         WHERE r.pilot_id = ? AND r.period_sequence = 5 ORDER BY r.id`,
      )
      .all(pilotId);
    expect(written).toEqual([
      { enteredBy: coordinator.name, actorId: coordinator.id, actorName: coordinator.name },
      { enteredBy: coordinator.name, actorId: coordinator.id, actorName: coordinator.name },
    ]);
    // No column, no notice.
    const plain = await previewImport(baseUrl, ["Code,Period,Value,Comment", "LANG-H,5,61,Corrected"].join("\n"), { fileName: "q5.csv", pilotId });
    expect(plain.preview!.notices).toEqual([]);
  });
});
