import { z } from "zod";
import { message } from "../../shared/i18n/message";
import { createTokenInput } from "../../shared/schemas";
import { policy } from "../access";
import { nowTimestamp } from "../clock";
import { userError } from "../errors";
import { createApiToken, listApiTokens, revokeApiToken } from "../services/apiTokens";
import { procedure, router } from "../trpc";

/** A person's own personal access tokens (the account page): nobody sees or revokes another's. */
export const tokensRouter = router({
  list: procedure.meta(policy.signedIn).query(({ ctx }) => listApiTokens(ctx.db, ctx.user!.id)),

  /** The answer carries the secret: the only time it is ever shown. */
  create: procedure
    .meta(policy.signedIn)
    .input(createTokenInput)
    .mutation(({ ctx, input }) => createApiToken(ctx.db, { userId: ctx.user!.id, address: ctx.request.address }, input, new Date(nowTimestamp()))),

  revoke: procedure
    .meta(policy.signedIn)
    .input(z.object({ id: z.number().int().positive() }).strict())
    .mutation(({ ctx, input }) => {
      if (!revokeApiToken(ctx.db, { userId: ctx.user!.id, address: ctx.request.address }, input.id, new Date(nowTimestamp())))
        throw userError("NOT_FOUND", message("tokens.notFound"));
      return { revoked: true };
    }),
});
