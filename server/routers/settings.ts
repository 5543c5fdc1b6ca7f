import { eq, sql } from "drizzle-orm";
import { instanceSettings } from "../../db/schema";
import { message } from "../../shared/i18n/message";
import { instanceSettingsUpdate } from "../../shared/schemas";
import { policy } from "../access";
import { actorOf } from "../context";
import { nowTimestamp } from "../clock";
import { conflict } from "../errors";
import { recordAudit } from "../services/audit";
import { readInstanceSettings } from "../services/instanceSettings";
import { procedure, router } from "../trpc";

/** What the administrator decides for the whole server (docs/decisions/020). */
export const settingsRouter = router({
  get: procedure.meta(policy.administrator).query(({ ctx }) => readInstanceSettings(ctx.db)),

  /** Saves the settings; `version` is the one read (0 before the first save), so two administrators never overwrite each other silently. */
  update: procedure
    .meta(policy.administrator)
    .input(instanceSettingsUpdate)
    .mutation(({ ctx, input }) =>
      ctx.db.transaction((tx) => {
        const before = readInstanceSettings(tx);
        if (before.version !== input.version) throw conflict(message("settings.changedByOthers"));
        const after = { managersCreateProjects: input.managersCreateProjects };
        if (before.version === 0)
          tx.insert(instanceSettings)
            .values({ id: 1, ...after })
            .run();
        else
          tx.update(instanceSettings)
            .set({ ...after, version: sql`${instanceSettings.version} + 1`, updatedAt: nowTimestamp() })
            .where(eq(instanceSettings.id, 1))
            .run();
        recordAudit(tx, actorOf(ctx), { entityType: "instance_settings", entityId: 1, action: "change", before: { managersCreateProjects: before.managersCreateProjects }, after });
        return readInstanceSettings(tx);
      }),
    ),
});
