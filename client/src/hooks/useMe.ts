import { useQuery } from "@tanstack/react-query";
import { can, type Action, type Target } from "../../../shared/access";
import type { TFunction } from "i18next";
import type { Role } from "../../../shared/domain";
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

/** "Pilot coordinator (Valley Welcome Desk)", one per role held, in the reader's language (the place names as typed). */
export function describeRoles(memberships: { role: Role; projectName: string | null; pilotTitle: string | null }[], t: TFunction): string {
  return memberships
    .map((m) => {
      const role = t(`labels.role.${m.role}`);
      const place = m.projectName ?? m.pilotTitle;
      return place ? t("shell.roleIn", { role, place }) : role;
    })
    .join(", ");
}
