import type { Role } from "./domain";

/**
 * What each role may do, and where. The server enforces it (server/access.ts); the client uses the same
 * rule only to hide what a person cannot do. An administrator may do everything, everywhere.
 */
export const actionRoles = {
  /** See pilots, results, histories; download tables. */
  read: ["project_manager", "pilot_coordinator", "evaluator"],
  /** Set up and archive pilots and indicators; change the project. */
  setUp: ["project_manager"],
  /** Enter a period's results and submit the period for review. */
  enterResults: ["pilot_coordinator"],
  /** Return, approve and reopen period reports. */
  review: ["project_manager"],
  /** Take part in a result's comment thread. */
  comment: ["project_manager", "pilot_coordinator"],
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof actionRoles;
export const actions = Object.keys(actionRoles) as Action[];

export interface MembershipScope {
  role: Role;
  projectId: number | null;
  pilotId: number | null;
}

/** What an action applies to: a whole project, or one pilot (with its project). */
export interface Target {
  projectId: number;
  pilotId?: number;
}

export const isAdministrator = (memberships: readonly MembershipScope[]) => memberships.some((m) => m.role === "administrator");

/** A project membership covers the project and its pilots; a pilot membership covers only that pilot. */
export function covers(membership: MembershipScope, target: Target): boolean {
  if (membership.role === "administrator") return true;
  if (membership.projectId !== null) return membership.projectId === target.projectId;
  return target.pilotId !== undefined && membership.pilotId === target.pilotId;
}

export function can(memberships: readonly MembershipScope[], action: Action, target: Target): boolean {
  const allowed: readonly Role[] = actionRoles[action];
  return memberships.some((m) => m.role === "administrator" || (allowed.includes(m.role) && covers(m, target)));
}

/** Whether the person may do the action anywhere at all (a list shows only where). */
export function canAnywhere(memberships: readonly MembershipScope[], action: Action): boolean {
  const allowed: readonly Role[] = actionRoles[action];
  return memberships.some((m) => m.role === "administrator" || allowed.includes(m.role));
}
