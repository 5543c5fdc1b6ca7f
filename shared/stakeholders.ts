/**
 * The stakeholder register's measure: the share of mapped stakeholders who are involved and plan to
 * continue after the pilot. "Mapped" in a period = the stakeholder has an entry for that period and is not
 * archived. Shared so that the register page shows live what the server will store.
 */
export interface RegisterEntry {
  involved: boolean;
  plansToContinue: boolean;
}

export interface RegisterShare {
  /** Involved and planning to continue. */
  numerator: number;
  /** Mapped stakeholders. */
  denominator: number;
  /** null when nobody is mapped: there is no share to report. */
  percentage: number | null;
}

export const countsForInvolvement = (entry: RegisterEntry): boolean => entry.involved && entry.plansToContinue;

export function registerShare(entries: readonly RegisterEntry[]): RegisterShare {
  const numerator = entries.filter(countsForInvolvement).length;
  const denominator = entries.length;
  return { numerator, denominator, percentage: denominator === 0 ? null : (100 * numerator) / denominator };
}
