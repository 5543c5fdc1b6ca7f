import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerFor, createTestDatabase } from "../support/testDatabase";
import { factories } from "../support/factories";

let testDb: ReturnType<typeof createTestDatabase>;
beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(() => testDb.cleanup());

describe("lists of names come from the server in the reader's order", () => {
  it("projects, pilots and people with accents sort with their letter, not after Z", async () => {
    const make = factories(testDb.db);
    const zeta = await make.project({ name: "Zeta network" });
    const angeles = await make.project({ name: "Ángeles network" });
    await make.project({ name: "Bosco network" });
    await make.pilot({ projectId: angeles.id, fields: { title: "Óbidos desk" } });
    await make.pilot({ projectId: angeles.id, fields: { title: "Zug desk" } });
    await make.pilot({ projectId: angeles.id, fields: { title: "Évora desk" } });
    await make.pilot({ projectId: zeta.id, fields: { title: "Aosta desk" } });
    const admin = callerFor(testDb.db);
    await admin.users.create({ email: "zoe@example.org", name: "Zoe Zanetti" });
    await admin.users.create({ email: "eloise@example.org", name: "Éloïse Martin" });

    const projects = (await admin.projects.list()).map((p) => p.name);
    expect(projects).toEqual(["Ángeles network", "Bosco network", "Zeta network"]);
    const pilots = (await admin.pilots.list()).map((p) => `${p.projectName} / ${p.title}`);
    expect(pilots).toEqual(["Ángeles network / Évora desk", "Ángeles network / Óbidos desk", "Ángeles network / Zug desk", "Zeta network / Aosta desk"]);
    const people = (await admin.users.list()).map((u) => u.name).filter((name) => name !== "Test administrator");
    expect(people).toEqual(["Éloïse Martin", "Zoe Zanetti"]);
  });
});
