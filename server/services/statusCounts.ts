import { statuses, type Status } from "../../shared/domain";

export function countStatuses(list: readonly Status[]): Record<Status, number> {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>;
  for (const status of list) counts[status] += 1;
  return counts;
}
