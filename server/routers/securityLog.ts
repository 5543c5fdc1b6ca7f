import { z } from "zod";
import { securityEvents } from "../../shared/securityEvents";
import { policy } from "../access";
import { listSecurityLog } from "../services/securityLog";
import { procedure, router } from "../trpc";

/** The security log (sign-ins, failures, sign-outs, password changes): administrators only. */
export const securityLogRouter = router({
  list: procedure
    .meta(policy.administrator)
    .input(z.object({ page: z.number().int().min(1).max(100_000).default(1), event: z.enum(securityEvents).optional() }).strict())
    .query(({ ctx, input }) => listSecurityLog(ctx.db, input)),
});
