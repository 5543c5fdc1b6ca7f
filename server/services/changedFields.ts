/**
 * The fields an edit changes, as the audit line keeps them: before and after of those fields only, so
 * that the history shows what was corrected and not the whole row again.
 */
export function changedFields<T extends object>(current: T, next: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const before: Partial<T> = {};
  const after: Partial<T> = {};
  for (const field of Object.keys(next) as (keyof T)[]) {
    if (next[field] === undefined || Object.is(current[field], next[field])) continue;
    before[field] = current[field];
    after[field] = next[field];
  }
  return { before, after };
}
