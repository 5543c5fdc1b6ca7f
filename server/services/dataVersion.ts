import type { AppDatabase } from "../../db/client";

/**
 * A number that changes whenever the data may have changed: mutations through the API bump a counter
 * kept per connection, and SQLite's `data_version` changes when another connection commits (a restore,
 * a second process). Read models keyed by it are live without being recomputed on every request.
 */
const localVersions = new WeakMap<AppDatabase, number>();

export function markDataChanged(db: AppDatabase): void {
  localVersions.set(db, (localVersions.get(db) ?? 0) + 1);
}

export function currentDataVersion(db: AppDatabase): string {
  const external = db.$client.pragma("data_version", { simple: true }) as number;
  return `${external}.${localVersions.get(db) ?? 0}`;
}

/** Remembers the last few answers of an expensive read, for as long as the data version stays the same. */
export function createReadCache<T>(capacity: number) {
  const entries = new Map<string, T>();
  return (db: AppDatabase, key: string, compute: () => T): T => {
    const fullKey = `${currentDataVersion(db)}|${key}`;
    const hit = entries.get(fullKey);
    if (hit !== undefined) return hit;
    const value = compute();
    entries.set(fullKey, value);
    while (entries.size > capacity) entries.delete(entries.keys().next().value!);
    return value;
  };
}
