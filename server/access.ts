import { eq } from "drizzle-orm";
import type { AppDatabase } from "../db/client";
import { communicationActivities, evidenceItems, indicators, memberships as membershipsTable, pilots, reportingPeriods, results, stakeholders } from "../db/schema";
import { actionRoles as rolesFor, can, canAnywhere, isAdministrator, type Action, type MembershipScope, type Target } from "../shared/access";
import { message, type Message } from "../shared/i18n/message";
import type { Context } from "./context";
import { userError } from "./errors";
import { readInstanceSettings } from "./services/instanceSettings";

/**
 * Every procedure declares who may call it with `.meta(policy....)`; one middleware in server/trpc.ts
 * enforces it before the procedure runs. Adding a procedure = one line, e.g.
 *   `procedure.meta(policy.read({ pilot: "pilotId" })).input(...)`
 * A procedure without a policy is refused at run time and fails tests/integration/permissions.test.ts.
 */

/** Which input field names the thing the call acts on. Its pilot and project are looked up. */
export type ScopeSpec =
  | { pilot: string }
  | { project: string }
  | { period: string }
  | { indicator: string }
  | { result: string }
  | { stakeholder: string }
  | { communication: string }
  | { evidence: string };
export const scopeKinds = ["pilot", "project", "period", "indicator", "result", "stakeholder", "communication", "evidence"] as const;

export type Policy =
  /** Signing in: nobody is signed in yet. */
  | { who: "anyone" }
  /** Any signed-in person, about their own account. */
  | { who: "signedIn" }
  | { who: "administrator" }
  /** Administrators; project managers too when the administrator allows it (instance settings). */
  | { who: "createProject" }
  /** Administrators for anyone; a project manager for the coordinators and evaluators of their own projects. */
  | { who: "peopleOf"; scope: { user: string } }
  /** `scope: "visible"`: a list; the procedure shows only what the person may see (visibleScope). */
  | { who: Action; scope: ScopeSpec | "visible" };

export interface Meta {
  policy?: Policy;
}

export const policy = {
  anyone: { policy: { who: "anyone" } },
  signedIn: { policy: { who: "signedIn" } },
  administrator: { policy: { who: "administrator" } },
  createProject: { policy: { who: "createProject" } },
  peopleOf: (scope: { user: string }) => ({ policy: { who: "peopleOf", scope } }),
  read: (scope: ScopeSpec | "visible") => ({ policy: { who: "read", scope } }),
  setUp: (scope: ScopeSpec) => ({ policy: { who: "setUp", scope } }),
  enterResults: (scope: ScopeSpec) => ({ policy: { who: "enterResults", scope } }),
  review: (scope: ScopeSpec | "visible") => ({ policy: { who: "review", scope } }),
  comment: (scope: ScopeSpec) => ({ policy: { who: "comment", scope } }),
} satisfies Record<string, Meta | ((scope: never) => Meta)>;

export function scopeField(spec: ScopeSpec): { kind: (typeof scopeKinds)[number]; field: string } {
  const [kind, field] = Object.entries(spec)[0] as [(typeof scopeKinds)[number], string];
  return { kind, field };
}

/** The project and pilot of the thing an input names, or null if there is no such thing. */
export function resolveTarget(db: AppDatabase, spec: ScopeSpec, id: number): Target | null {
  const { kind } = scopeField(spec);
  const pilotTarget = (row: { projectId: number; pilotId: number } | undefined) => (row ? { projectId: row.projectId, pilotId: row.pilotId } : null);
  switch (kind) {
    case "project":
      return { projectId: id };
    case "pilot":
      return pilotTarget(db.select({ projectId: pilots.projectId, pilotId: pilots.id }).from(pilots).where(eq(pilots.id, id)).get());
    case "period":
      return pilotTarget(
        db
          .select({ projectId: pilots.projectId, pilotId: pilots.id })
          .from(reportingPeriods)
          .innerJoin(pilots, eq(pilots.id, reportingPeriods.pilotId))
          .where(eq(reportingPeriods.id, id))
          .get(),
      );
    case "indicator":
      return pilotTarget(
        db.select({ projectId: pilots.projectId, pilotId: pilots.id }).from(indicators).innerJoin(pilots, eq(pilots.id, indicators.pilotId)).where(eq(indicators.id, id)).get(),
      );
    case "result":
      return pilotTarget(
        db.select({ projectId: pilots.projectId, pilotId: pilots.id }).from(results).innerJoin(pilots, eq(pilots.id, results.pilotId)).where(eq(results.id, id)).get(),
      );
    case "stakeholder":
      return pilotTarget(
        db
          .select({ projectId: pilots.projectId, pilotId: pilots.id })
          .from(stakeholders)
          .innerJoin(pilots, eq(pilots.id, stakeholders.pilotId))
          .where(eq(stakeholders.id, id))
          .get(),
      );
    case "communication":
      return pilotTarget(
        db
          .select({ projectId: pilots.projectId, pilotId: pilots.id })
          .from(communicationActivities)
          .innerJoin(pilots, eq(pilots.id, communicationActivities.pilotId))
          .where(eq(communicationActivities.id, id))
          .get(),
      );
    case "evidence":
      return pilotTarget(
        db
          .select({ projectId: pilots.projectId, pilotId: pilots.id })
          .from(evidenceItems)
          .innerJoin(pilots, eq(pilots.id, evidenceItems.pilotId))
          .where(eq(evidenceItems.id, id))
          .get(),
      );
  }
}

const signInFirst = () => userError("UNAUTHORIZED", message("shell.signInToContinue"));
const refused = () => userError("FORBIDDEN", message("shell.refused"));

/**
 * Throws unless the signed-in person may make this call. `rawInput` is the input before validation: the
 * check runs first, so that nobody learns anything about a pilot they may not see from its error messages.
 */
export function authorize(ctx: Context, path: string, meta: Meta | undefined, rawInput: unknown): void {
  const rule = meta?.policy;
  // Fail closed: a procedure someone forgot to declare is refused, and the permission test names it.
  if (!rule) throw userError("FORBIDDEN", message("shell.noAccessPolicy", { path }));
  if (rule.who === "anyone") return;
  if (!ctx.user) throw signInFirst();
  // A password someone else chose (generated, reset) is changed before anything else is done with it.
  if (ctx.user.mustChangePassword && !path.startsWith("auth.")) throw userError("FORBIDDEN", message("account.mustChangePasswordFirst"));
  const memberships = ctx.user.memberships;
  if (rule.who === "signedIn") return;
  if (rule.who === "administrator") {
    if (!isAdministrator(memberships)) throw refused();
    return;
  }
  if (rule.who === "createProject") {
    if (!mayCreateProjects(ctx.db, memberships)) throw refused();
    return;
  }
  if (rule.who === "peopleOf") {
    const userId = rawInput && typeof rawInput === "object" ? (rawInput as Record<string, unknown>)[rule.scope.user] : undefined;
    if (typeof userId !== "number" || !Number.isInteger(userId) || userId <= 0)
      throw userError("BAD_REQUEST", message("shell.positiveWholeNumberRequired", { field: rule.scope.user }));
    if (!isAdministrator(memberships) && !managesPerson(ctx.db, memberships, userId)) throw refused();
    return;
  }
  if (rule.scope === "visible") {
    // A reading list is open to everybody signed in and simply empty for someone without a role yet;
    // other lists (the review queue) belong to the roles that act on them.
    if (rule.who !== "read" && !canAnywhere(memberships, rule.who)) throw refused();
    return;
  }
  const { field } = scopeField(rule.scope);
  const id = rawInput && typeof rawInput === "object" ? (rawInput as Record<string, unknown>)[field] : undefined;
  if (typeof id !== "number" || !Number.isInteger(id) || id <= 0) throw userError("BAD_REQUEST", message("shell.positiveWholeNumberRequired", { field }));
  const target = resolveTarget(ctx.db, rule.scope, id);
  if (!target) {
    // An administrator gets the procedure's own "not found"; anybody else the same answer as for
    // something that is not theirs, so that ids of other partners' pilots cannot be probed.
    if (isAdministrator(memberships)) return;
    throw refused();
  }
  if (!can(memberships, rule.who, target)) throw refused();
}

/**
 * Whether someone may create a project: administrators always; people who manage a project somewhere only
 * while the administrator allows it. No settings row, or the setting off, is "no" (fail closed).
 */
export function mayCreateProjects(db: AppDatabase, memberships: readonly MembershipScope[]): boolean {
  if (isAdministrator(memberships)) return true;
  if (!memberships.some((m) => m.role === "project_manager")) return false;
  return readInstanceSettings(db).managersCreateProjects;
}

/**
 * Whether a (non-administrator) person looks after another's account: the other holds a coordinator or
 * evaluator role in a project or pilot the first sets up, and no manager or administrator role anywhere
 * (a manager never takes over a colleague's or an administrator's account). Unknown people: no.
 */
export function managesPerson(db: AppDatabase, memberships: readonly MembershipScope[], userId: number): boolean {
  const held = db
    .select({ role: membershipsTable.role, projectId: membershipsTable.projectId, pilotId: membershipsTable.pilotId, pilotProjectId: pilots.projectId })
    .from(membershipsTable)
    .leftJoin(pilots, eq(pilots.id, membershipsTable.pilotId))
    .where(eq(membershipsTable.userId, userId))
    .all();
  if (held.some((m) => m.role === "administrator" || m.role === "project_manager")) return false;
  return held.some((m) => {
    const projectId = m.projectId ?? m.pilotProjectId;
    return projectId !== null && can(memberships, "setUp", { projectId, ...(m.pilotId === null ? {} : { pilotId: m.pilotId }) });
  });
}

/** The projects and pilots a person may act on; null = everything (administrator). */
export function visibleScope(ctx: Context, action: Action = "read"): { projectIds: Set<number>; pilotIds: Set<number> } | null {
  const memberships = ctx.user?.memberships ?? [];
  if (isAdministrator(memberships)) return null;
  const allowed = new Set<string>(rolesFor[action]);
  const own = memberships.filter((m) => allowed.has(m.role));
  return {
    projectIds: new Set(own.flatMap((m) => (m.projectId === null ? [] : [m.projectId]))),
    pilotIds: new Set(own.flatMap((m) => (m.pilotId === null ? [] : [m.pilotId]))),
  };
}

export function isVisible(scope: ReturnType<typeof visibleScope>, pilot: { id: number; projectId: number }): boolean {
  return scope === null || scope.projectIds.has(pilot.projectId) || scope.pilotIds.has(pilot.id);
}

/** Whether the signed-in person may do an action on a target: for checks that depend on the input's content. */
export function assertCan(ctx: Context, action: Action, target: Target): void {
  if (!ctx.user) throw signInFirst();
  if (!can(ctx.user.memberships, action, target)) throw refused();
}

/*
 * Imports. A file is one upload but many writes: each sheet's rows need the same right as the procedure
 * that makes that write by hand, on the project or pilot they write to. The rules are checked when the
 * preview is ready (from what the plan would write) and again at commit, against the memberships held then.
 */

/** Where an upload goes: one pilot's page, or whole projects (the Projects page). */
export type ImportScope = { pilot: Target } | "projects";

export type ImportSheet = "projects" | "pilots" | "indicators" | "results";

/** Rows of one sheet that create or change something in one place; built from the plan (server/imports/plan/footprint.ts). */
export interface ImportWrite {
  sheet: ImportSheet;
  /** The stored project or pilot written to; `pilotId` absent for a pilot the same file creates; null for a project it creates. */
  target: Target | null;
  /** The project's name or the pilot's title, for the message. */
  place: string;
  rows: number[];
}

/**
 * The procedures that make each sheet's writes by hand: pilots.create, indicators.create/update,
 * results.savePeriod. Projects by file stay with administrators even where managers may create projects
 * with the form: a file's new project would have no manager to make, and a file can hold many.
 */
export const importPolicies = {
  projects: policy.administrator.policy,
  pilots: { who: "setUp", scope: { project: "projectId" } },
  indicators: { who: "setUp", scope: { pilot: "pilotId" } },
  results: { who: "enterResults", scope: { pilot: "pilotId" } },
} as const satisfies Record<ImportSheet, Policy>;

function allows(memberships: readonly MembershipScope[], rule: Policy, target: Target | null): boolean {
  if (rule.who === "anyone" || rule.who === "signedIn") return true;
  if (rule.who === "administrator") return isAdministrator(memberships);
  if (rule.who === "createProject" || rule.who === "peopleOf") return isAdministrator(memberships);
  // Something the same file creates has no members yet: only who may act everywhere may write to it.
  return target === null ? isAdministrator(memberships) : can(memberships, rule.who, target);
}

/** Whether someone may upload at all: into a pilot they enter results for or set up; whole projects create projects. */
export function mayUploadImport(memberships: readonly MembershipScope[], scope: ImportScope): boolean {
  if (scope === "projects") return allows(memberships, importPolicies.projects, null);
  return allows(memberships, importPolicies.results, scope.pilot) || allows(memberships, importPolicies.indicators, scope.pilot);
}

/** The writes of an import that the person's roles do not allow; empty when the import may go ahead. */
export function importRefusals(memberships: readonly MembershipScope[], writes: readonly ImportWrite[]): ImportWrite[] {
  return writes.filter((write) => !allows(memberships, importPolicies[write.sheet], write.target));
}

/** Why an import is refused, one sentence per refused write, naming the sheet, the place and the rows. */
export function importRefusalMessages(refused: readonly ImportWrite[]): Message[] {
  return refused.map((write) => message(`importFile.refused.${write.sheet}`, { sheet: sheetTitle[write.sheet], place: write.place, rows: rowList(write.rows) }));
}

const sheetTitle: Record<ImportSheet, string> = { projects: "Projects", pilots: "Pilots", indicators: "Indicators", results: "Results" };

/** "2, 3, 7" or "2, 3, 7, … (40 rows)": a long sheet is named by its first rows. */
function rowList(rows: readonly number[]): string {
  const sorted = [...rows].sort((a, b) => a - b);
  return sorted.length <= 8 ? sorted.join(", ") : `${sorted.slice(0, 8).join(", ")}, … (${sorted.length})`;
}
