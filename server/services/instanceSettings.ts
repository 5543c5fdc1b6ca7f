import { eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { instanceSettings } from "../../db/schema";

export interface InstanceSettings {
  managersCreateProjects: boolean;
  /** 0 while the administrator has never saved them (no row yet). */
  version: number;
}

/** Every setting off: what a database where the administrator has not decided anything means. */
const unset: InstanceSettings = { managersCreateProjects: false, version: 0 };

/** The administrator's settings (one row, id 1), or all off when there is none. */
export function readInstanceSettings(db: Pick<AppDatabase, "select">): InstanceSettings {
  const row = db
    .select({ managersCreateProjects: instanceSettings.managersCreateProjects, version: instanceSettings.version })
    .from(instanceSettings)
    .where(eq(instanceSettings.id, 1))
    .get();
  return row ?? unset;
}
