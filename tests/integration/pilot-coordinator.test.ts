import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, invitations, memberships, notices, pilots, users } from "../../db/schema";
import { factories } from "../support/factories";
import { refusalOf } from "../support/refusal";
import { callerAs, createTestDatabase } from "../support/testDatabase";

/*
 * The pilot form's coordinator e-mail grants what it says (issue 18, docs/decisions/020): saving a pilot
 * with a new coordinator address invites it, with an account's address grants the role, in the pilot's
 * own transaction; a refused save leaves neither.
 */

let testDb: ReturnType<typeof createTestDatabase>;
let make: ReturnType<typeof factories>;

beforeAll(() => {
  testDb = createTestDatabase();
  make = factories(testDb.db);
});
afterAll(() => testDb.cleanup());

async function manager() {
  const project = await make.project();
  const account = await make.account("project_manager", { projectId: project.id });
  const pilotInput = (title: string, coordinator: { coordinatorName?: string; coordinatorEmail?: string }) => ({
    projectId: project.id,
    title,
    startDate: "2026-01-01",
    endDate: "2026-12-31",
    reportingFrequency: "quarterly" as const,
    ...coordinator,
  });
  return { project, account, pilotInput };
}

const invitationsOf = (pilotId: number) => testDb.db.select().from(invitations).where(eq(invitations.pilotId, pilotId)).all();
const auditOf = (pilotId: number, entityType: string) =>
  testDb.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.pilotId, pilotId), eq(auditLog.entityType, entityType)))
    .all();
const pilotsTitled = (title: string) => testDb.db.select({ id: pilots.id }).from(pilots).where(eq(pilots.title, title)).all();

describe("the pilot form's coordinator", () => {
  it("a new address gets an invitation, audited and mailed, with the link for the inviter when there is no SMTP", async () => {
    const { account, pilotInput } = await manager();
    const saved = await account.caller.pilots.create(pilotInput("Welcome desk", { coordinatorName: "Ana Rossi", coordinatorEmail: "Ana.Rossi@Example.org" }));
    expect(saved.coordinator).toMatchObject({ granted: false, name: "Ana Rossi" });
    expect(saved.coordinator!.link).toMatch(/^\/invitation\/[\w-]{40,}$/);
    const [invitation, ...others] = invitationsOf(saved.id);
    expect(others).toHaveLength(0);
    expect(invitation).toMatchObject({ email: "ana.rossi@example.org", name: "Ana Rossi", role: "pilot_coordinator", invitedBy: account.id });
    expect(auditOf(saved.id, "invitation").map((line) => [line.action, line.entityId, line.actorName])).toEqual([["invite", invitation!.id, account.name]]);
    const mail = testDb.db
      .select()
      .from(notices)
      .where(eq(notices.dedupeKey, `invitation:${invitation!.id}`))
      .all();
    expect(mail).toHaveLength(1);

    // Saving again with the same address (any case) invites no one twice; a changed address is invited.
    const stored = await account.caller.pilots.get({ id: saved.id });
    const { id, version, archivedAt, isFictional, ...fields } = stored;
    const same = await account.caller.pilots.update({ id, version, fields: { ...fields, coordinatorEmail: "ANA.ROSSI@example.org" } });
    expect(same.coordinator).toBeNull();
    const changed = await account.caller.pilots.update({ id, version: version + 1, fields: { ...fields, coordinatorName: "Bo Berg", coordinatorEmail: "bo.berg@example.org" } });
    expect(changed.coordinator).toMatchObject({ granted: false, name: "Bo Berg" });
    expect(invitationsOf(saved.id).map((row) => row.email)).toEqual(["ana.rossi@example.org", "bo.berg@example.org"]);
  });

  it("an address with an account gets the coordinator role on the pilot at once, audited", async () => {
    const { account, pilotInput } = await manager();
    const person = await make.account("evaluator", { projectId: (await make.project()).id });
    const saved = await account.caller.pilots.create(pilotInput("Language courses", { coordinatorName: "", coordinatorEmail: person.email }));
    expect(saved.coordinator).toEqual({ granted: true, name: person.name, link: null });
    const granted = testDb.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.userId, person.id), eq(memberships.pilotId, saved.id)))
      .all();
    expect(granted.map((m) => m.role)).toEqual(["pilot_coordinator"]);
    expect(auditOf(saved.id, "membership").map((line) => [line.action, line.entityId])).toEqual([["grant", granted[0]!.id]]);
    expect(invitationsOf(saved.id)).toHaveLength(0);
    // The person now coordinates it: signed in afresh, the pilot is among theirs.
    expect((await callerAs(testDb.db, person.email).pilots.list()).map((p) => p.id)).toContain(saved.id);
  });

  it("an empty address grants nothing", async () => {
    const { account, pilotInput } = await manager();
    const saved = await account.caller.pilots.create(pilotInput("No coordinator yet", { coordinatorName: "Somebody" }));
    expect(saved.coordinator).toBeNull();
    expect(invitationsOf(saved.id)).toHaveLength(0);
    expect(auditOf(saved.id, "membership")).toHaveLength(0);
  });

  it("a refused save creates neither the pilot, nor an invitation, nor a grant", async () => {
    const { account, pilotInput } = await manager();
    const person = await make.account("evaluator", { projectId: (await make.project()).id });
    const invitationsBefore = testDb.db.select().from(invitations).all().length;
    const membershipsBefore = testDb.db.select().from(memberships).all().length;

    const invalid = await refusalOf(account.caller.pilots.create({ ...pilotInput("Backwards pilot", { coordinatorEmail: "new.person@example.org" }), endDate: "2025-01-01" }));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(pilotsTitled("Backwards pilot")).toHaveLength(0);

    // A deactivated account is refused next to the field, and the pilot saved with it is rolled back too.
    const { version } = testDb.db.select({ version: users.version }).from(users).where(eq(users.id, person.id)).get()!;
    await make.admin.users.setActive({ id: person.id, version, active: false });
    const deactivated = await refusalOf(account.caller.pilots.create(pilotInput("Rolled back pilot", { coordinatorEmail: person.email })));
    expect(deactivated.fields).toEqual({ coordinatorEmail: "people.accountDeactivated" });
    expect(pilotsTitled("Rolled back pilot")).toHaveLength(0);

    expect(testDb.db.select().from(invitations).all()).toHaveLength(invitationsBefore);
    expect(testDb.db.select().from(memberships).all()).toHaveLength(membershipsBefore);
  });

  it("someone who may not set up pilots in the project triggers nothing", async () => {
    const { project, pilotInput } = await manager();
    const evaluator = await make.account("evaluator", { projectId: project.id });
    const refused = await refusalOf(evaluator.caller.pilots.create(pilotInput("Not theirs", { coordinatorEmail: "someone.else@example.org" })));
    expect(refused.code).toBe("FORBIDDEN");
    expect(pilotsTitled("Not theirs")).toHaveLength(0);
    expect(testDb.db.select().from(invitations).where(eq(invitations.email, "someone.else@example.org")).all()).toHaveLength(0);
  });
});
