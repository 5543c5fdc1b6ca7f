import { useQuery } from "@tanstack/react-query";
import { can, type Action, type Target } from "../../../shared/access";
import { roleLabels } from "../../../shared/domain";
import { useTRPC } from "../trpc";

/** The signed-in person (null when nobody is), asked once and kept until sign-in or sign-out. */
export function useMe() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Infinity });
}

/**
 * Whether the signed-in person may do something, to hide what they cannot do. Only a courtesy: the
 * server refuses it anyway.
 */
export function useCan() {
  const me = useMe().data;
  return (action: Action, target: Target) => !!me && can(me.memberships, action, target);
}

/** "Pilot coordinator (Valley Welcome Desk)", one per role held. */
export function describeRoles(memberships: { role: keyof typeof roleLabels; projectName: string | null; pilotTitle: string | null }[]): string {
  return memberships.map((m) => `${roleLabels[m.role]}${m.projectName ? ` (${m.projectName})` : m.pilotTitle ? ` (${m.pilotTitle})` : ""}`).join(", ");
}
