import type { MembershipScope } from "../../shared/access";

/**
 * Where a person starts (docs/decisions/020): coordinators, who come to send reports, on their to-do page;
 * everyone who also manages, evaluates or administers on the portfolio, as before.
 */
export function startsOnTodo(memberships: readonly MembershipScope[]): boolean {
  return memberships.length > 0 && memberships.every((m) => m.role === "pilot_coordinator");
}
