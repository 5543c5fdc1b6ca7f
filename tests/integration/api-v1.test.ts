import { Validator } from "@seriousme/openapi-schema-validator";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../db/client";
import { createApp } from "../../server/app";
import { apiRoutes } from "../../server/http/apiV1/routes";
import { createLogger } from "../../server/logger";
import { addDays, addYears } from "../../shared/dates";
import { callerAs, callerFor, createTestDatabase, DEMO_TODAY } from "../support/testDatabase";

/*
 * The integration API end to end, as an integrator meets it: sign in on the site, make a token, then only
 * the token. Every test builds its own project with two pilots: the coordinator enters results for one.
 */

const COORDINATOR = { email: "kobo.coordinator@example.org", name: "Kim Coordinator", password: "coordinator-password-1" };
const EVALUATOR = { email: "eve.evaluator@example.org", name: "Eve Evaluator", password: "evaluator-password-1" };

let testDb: ReturnType<typeof createTestDatabase>;
let server: Server | null = null;
let baseUrl = "";

beforeEach(() => {
  testDb = createTestDatabase();
});
afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
  testDb.cleanup();
});

async function listen(db: AppDatabase, rateLimit?: { limit: number; windowMs: number }) {
  server = createApp({ db, today: () => DEMO_TODAY, logger: createLogger({ level: "silent" }), apiRateLimit: rateLimit }).listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server!.once("listening", () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A project around the test day: the coordinator's pilot (entered), another pilot (only seen by the evaluator). */
async function buildFixture() {
  const db = testDb.db;
  const admin = callerFor(db);
  const startDate = addYears(DEMO_TODAY, -1);
  const endDate = addDays(addYears(DEMO_TODAY, 1), -1);
  const project = await admin.projects.create({ name: "API project", startDate, endDate });
  const own = await admin.pilots.create({ projectId: project.id, title: "Kobo pilot", startDate, endDate, reportingFrequency: "quarterly" });
  const other = await admin.pilots.create({ projectId: project.id, title: "Other pilot", startDate, endDate, reportingFrequency: "quarterly" });
  const coordinator = await admin.users.create(COORDINATOR);
  await admin.users.addMembership({ userId: coordinator.id, role: "pilot_coordinator", pilotId: own.id });
  const evaluator = await admin.users.create(EVALUATOR);
  await admin.users.addMembership({ userId: evaluator.id, role: "evaluator", projectId: project.id });
  const indicatorOf = (pilotId: number) =>
    admin.indicators.create({ pilotId, code: "TUT", name: "Hours of tutoring", kind: "quantitative", measure: "count", unit: "hours", goal: 400 });
  const indicator = await indicatorOf(own.id);
  const otherIndicator = await indicatorOf(other.id);
  const firstPeriod = (pilotId: number) => (db.$client.prepare("SELECT id FROM reporting_periods WHERE pilot_id = ? ORDER BY sequence LIMIT 1").get(pilotId) as { id: number }).id;
  return { db, project, own, other, coordinator, evaluator, indicator, otherIndicator, ownPeriod: firstPeriod(own.id), otherPeriod: firstPeriod(other.id) };
}

/** Signs in on the site as a person would (the session cookie), then makes a token on their account. */
async function tokenFor(account: { email: string; password: string }, scope: "read" | "read_write", name = "Kobo sync"): Promise<{ secret: string; id: number }> {
  const signIn = await fetch(`${baseUrl}/api/trpc/auth.signIn`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  expect(signIn.status).toBe(200);
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const created = await fetch(`${baseUrl}/api/trpc/tokens.create`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ name, scope, expiresInDays: 30 }),
  });
  expect(created.status).toBe(200);
  const { result } = (await created.json()) as { result: { data: { secret: string; token: { id: number } } } };
  return { secret: result.data.secret, id: result.data.token.id };
}

const api = (secret: string | null, path: string, init: RequestInit = {}) =>
  fetch(`${baseUrl}/api/v1${path}`, {
    ...init,
    headers: { ...(secret ? { authorization: `Bearer ${secret}` } : {}), ...(init.body ? { "content-type": "application/json" } : {}), ...(init.headers ?? {}) },
  });
const putResults = (secret: string, periodId: number, entries: unknown[]) => api(secret, `/periods/${periodId}/results`, { method: "PUT", body: JSON.stringify({ entries }) });

describe("the integration API with a personal access token", { timeout: 30_000 }, () => {
  it("reads a pilot's indicators, pushes a value that lands as a draft audited under the owner, and is refused for a pilot the owner cannot enter", async () => {
    const f = await buildFixture();
    await listen(f.db);
    const token = await tokenFor(COORDINATOR, "read_write");
    expect(token.secret).toMatch(/^pm_[\w-]{43}$/);
    // Only the hash is stored.
    expect(JSON.stringify(f.db.$client.prepare("SELECT * FROM api_tokens").all())).not.toContain(token.secret);

    const indicators = await api(token.secret, `/pilots/${f.own.id}/indicators`);
    expect(indicators.status).toBe(200);
    const list = (await indicators.json()) as { items: { id: number; code: string; progress: { status: string } }[] };
    expect(list.items).toEqual([expect.objectContaining({ id: f.indicator.id, code: "TUT", progress: expect.objectContaining({ status: expect.any(String) }) })]);

    const auditFrom = (f.db.$client.prepare("SELECT coalesce(max(id), 0) AS id FROM audit_log").get() as { id: number }).id;
    const pushed = await putResults(token.secret, f.ownPeriod, [
      { indicatorId: f.indicator.id, expectedVersion: null, value: 120, comment: "Two courses ran (from KoboToolbox)." },
    ]);
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toEqual({
      periodId: f.ownPeriod,
      reviewState: "draft",
      saved: 1,
      unchanged: 0,
      results: [{ indicatorId: f.indicator.id, action: "create", version: 1 }],
    });

    // A draft: no review row, the period still open; the result and its audit line name the token's owner.
    expect(f.db.$client.prepare("SELECT state FROM period_reports WHERE period_id = ?").get(f.ownPeriod)).toBeUndefined();
    const stored = f.db.$client.prepare("SELECT value, entered_by AS enteredBy FROM results WHERE period_id = ?").get(f.ownPeriod);
    expect(stored).toEqual({ value: 120, enteredBy: COORDINATOR.name });
    const audit = f.db.$client.prepare("SELECT actor_id AS actorId, actor_name AS actorName, after FROM audit_log WHERE id > ? AND entity_type = 'result'").all(auditFrom) as {
      actorId: number;
      actorName: string;
      after: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: f.coordinator.id, actorName: COORDINATOR.name });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ value: 120, source: "api" });

    // The period form sees what the API wrote, with its version.
    const form = await callerAs(f.db, COORDINATOR.email).results.periodForm({ periodId: f.ownPeriod });
    expect(form.indicators[0]!.existing).toMatchObject({ value: 120, version: 1 });
    const read = (await (await api(token.secret, `/periods/${f.ownPeriod}/results`)).json()) as { period: { reviewState: string }; results: { value: number; version: number }[] };
    expect(read.period.reviewState).toBe("draft");
    expect(read.results[0]).toMatchObject({ value: 120, version: 1, enteredBy: COORDINATOR.name });

    // The other pilot: the owner holds no role there, so neither reading nor writing it, and nothing changes
    // (but the security log, which counts the refused uses too).
    const facts = () => JSON.stringify(f.db.$client.prepare("SELECT * FROM results").all()) + JSON.stringify(f.db.$client.prepare("SELECT * FROM audit_log").all());
    const before = facts();
    const refusedWrite = await putResults(token.secret, f.otherPeriod, [{ indicatorId: f.otherIndicator.id, expectedVersion: null, value: 5, comment: "x" }]);
    expect(refusedWrite.status).toBe(403);
    expect(((await refusedWrite.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect((await api(token.secret, `/pilots/${f.other.id}/indicators`)).status).toBe(403);
    const pilots = (await (await api(token.secret, "/pilots")).json()) as { items: { id: number }[]; total: number };
    expect(pilots.items.map((p) => p.id)).toEqual([f.own.id]);
    expect(facts()).toBe(before);
  });

  it("says what is wrong with a value next to its field, refuses a stale version and a locked period, as the form does", async () => {
    const f = await buildFixture();
    await listen(f.db);
    const { secret } = await tokenFor(COORDINATOR, "read_write");
    const bad = await putResults(secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: null, value: "eight" }]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fieldErrors: Record<string, string> } }).error.fieldErrors).toHaveProperty(["entries.0.value"]);
    const low = await putResults(secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: null, value: 1 }]);
    expect(low.status).toBe(400);
    expect(((await low.json()) as { error: { fieldErrors: Record<string, string> } }).error.fieldErrors).toHaveProperty(["entries.0.comment"]);
    expect((await putResults(secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: null, value: 120, comment: "ok" }])).status).toBe(200);
    const stale = await putResults(secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: null, value: 130, comment: "again" }]);
    expect(stale.status).toBe(409);
    await callerAs(f.db, COORDINATOR.email).reviews.submit({ periodId: f.ownPeriod, version: 0 });
    const locked = await putResults(secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: 1, value: 130, comment: "after" }]);
    expect(locked.status).toBe(412);
    expect(((await locked.json()) as { error: { message: string } }).error.message).toContain("submitted for review");
  });

  it("a read token reads but never writes; an evaluator's write token writes nothing either", async () => {
    const f = await buildFixture();
    await listen(f.db);
    const reader = await tokenFor(COORDINATOR, "read", "Dashboard");
    expect((await api(reader.secret, `/pilots/${f.own.id}/periods`)).status).toBe(200);
    const refused = await putResults(reader.secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: null, value: 120, comment: "x" }]);
    expect(refused.status).toBe(403);
    const evaluator = await tokenFor(EVALUATOR, "read_write", "Evaluation");
    // The evaluator reads both pilots of the project, and may enter results in neither.
    expect(((await (await api(evaluator.secret, "/pilots")).json()) as { total: number }).total).toBe(2);
    expect((await putResults(evaluator.secret, f.ownPeriod, [{ indicatorId: f.indicator.id, expectedVersion: null, value: 120, comment: "x" }])).status).toBe(403);
    expect(f.db.$client.prepare("SELECT count(*) AS n FROM results").get()).toEqual({ n: 0 });
  });

  it("refuses no token, a made-up one and a revoked one with a JSON 401, and logs every use in the security log", async () => {
    const f = await buildFixture();
    await listen(f.db);
    const token = await tokenFor(COORDINATOR, "read");
    expect((await api(null, "/projects")).status).toBe(401);
    const madeUp = await api("pm_not-a-token", "/projects");
    expect(madeUp.status).toBe(401);
    expect(madeUp.headers.get("content-type")).toMatch(/^application\/json/);
    for (let i = 0; i < 3; i++) expect((await api(token.secret, "/projects")).status).toBe(200);
    const log = () => f.db.$client.prepare("SELECT event, user_id AS userId, token_id AS tokenId, attempts FROM security_log WHERE token_id IS NOT NULL ORDER BY id").all();
    expect(log()).toEqual([
      { event: "token_created", userId: f.coordinator.id, tokenId: token.id, attempts: 1 },
      { event: "token_used", userId: f.coordinator.id, tokenId: token.id, attempts: 3 },
    ]);
    await callerAs(f.db, COORDINATOR.email).tokens.revoke({ id: token.id });
    expect((await api(token.secret, "/projects")).status).toBe(401);
    expect(log()).toEqual(expect.arrayContaining([expect.objectContaining({ event: "token_revoked" }), expect.objectContaining({ event: "token_refused", attempts: 1 })]));
    // Nobody revokes or lists another person's token.
    await expect(callerAs(f.db, EVALUATOR.email).tokens.revoke({ id: token.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await callerAs(f.db, EVALUATOR.email).tokens.list()).toEqual([]);
    // A line of the log and the token list never carry the secret.
    expect(JSON.stringify(await callerAs(f.db, COORDINATOR.email).tokens.list())).not.toContain(token.secret.slice(10));
  });

  it("limits the requests per token, not per address", async () => {
    const f = await buildFixture();
    await listen(f.db, { limit: 3, windowMs: 60_000 });
    const first = await tokenFor(COORDINATOR, "read", "one");
    const second = await tokenFor(COORDINATOR, "read", "two");
    for (let i = 0; i < 3; i++) expect((await api(first.secret, "/projects")).status).toBe(200);
    const limited = await api(first.secret, "/projects");
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await api(second.secret, "/projects")).status).toBe(200);
  });

  it("pages and filters long lists", async () => {
    const f = await buildFixture();
    await listen(f.db);
    const { secret } = await tokenFor(EVALUATOR, "read");
    const page = (await (await api(secret, "/pilots?limit=1&offset=1")).json()) as { items: { title: string }[]; total: number; limit: number; offset: number };
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items.map((p) => p.title)).toEqual(["Other pilot"]);
    expect((await (await api(secret, `/pilots?projectId=${f.project.id + 1000}`)).json()) as { total: number }).toMatchObject({ total: 0 });
    const filtered = (await (await api(secret, `/pilots/${f.own.id}/indicators?status=achieved`)).json()) as { items: unknown[] };
    expect(filtered.items).toEqual([]);
    const wrong = await api(secret, "/pilots?limit=0");
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { fieldErrors: Record<string, string> } }).error.fieldErrors).toHaveProperty("limit");
    expect((await api(secret, "/nothing-here")).status).toBe(404);
  });
});

describe("the OpenAPI document", { timeout: 30_000 }, () => {
  it("is a valid OpenAPI 3.1 document that declares the bearer scheme and lists every route, each of which answers", async () => {
    const f = await buildFixture();
    await listen(f.db);
    const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
    const validation = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const documented = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(apiRoutes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort());
    // Every documented route is served: with a token, none answers the "no such route" 404.
    const { secret } = await tokenFor(COORDINATOR, "read_write");
    const ids: Record<string, number> = { projectId: f.project.id, pilotId: f.own.id, periodId: f.ownPeriod };
    for (const route of apiRoutes) {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => String(ids[name]));
      const answer = await api(secret, path, route.method === "put" ? { method: "PUT", body: JSON.stringify({ entries: [] }) } : {});
      // 200 or the route's own refusal (the coordinator holds no role on the whole project): never "no such route".
      expect([200, 400, 403], `${route.method} ${path}`).toContain(answer.status);
      // What a route answers is what the document says it answers.
      if (answer.status === 200) route.response.parse(await answer.json());
    }
    const page = await fetch(`${baseUrl}/api/v1/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const route of apiRoutes) expect(html).toContain(`${route.method.toUpperCase()} /api/v1${route.path}`);
  });
});
