import { z } from "zod";
import { message } from "../../shared/i18n/message";
import { choosableKindList, choosableNoticeKinds, noticePreferencesInput } from "../../shared/noticePreferences";
import { policy } from "../access";
import { actorOf } from "../context";
import { notFound } from "../errors";
import { confirmUnsubscribe, previewUnsubscribe } from "../notices/unsubscribeAction";
import { procedure, router } from "../trpc";
import { noticeChoicesOf, writeNoticePreferences } from "../writes/noticePreferences";

const unsubscribeInput = z.object({ token: z.string().min(10).max(200) }).strict();

/** The person's choices of how each kind of e-mail reaches them, and the unsubscribe link's page (docs/decisions/020). */
export const noticesRouter = router({
  preferences: procedure.meta(policy.signedIn).query(({ ctx }) => {
    const choices = noticeChoicesOf(ctx.db, ctx.user!.id);
    return choosableKindList.map((kind) => ({ kind, delivery: choices[kind], allowed: [...choosableNoticeKinds[kind].allowed], byDefault: choosableNoticeKinds[kind].byDefault }));
  }),

  setPreferences: procedure
    .meta(policy.signedIn)
    .input(noticePreferencesInput)
    .mutation(({ ctx, input }) => writeNoticePreferences(ctx.db, { actor: actorOf(ctx), userId: ctx.user!.id, choices: input.choices, route: "account" })),

  /** What the link would turn off. A query: opening the link (or a mail scanner fetching it) changes nothing. */
  unsubscribePreview: procedure
    .meta(policy.anyone)
    .input(unsubscribeInput)
    .query(({ ctx, input }) => previewUnsubscribe(ctx.db, input.token)),

  unsubscribe: procedure
    .meta(policy.anyone)
    .input(unsubscribeInput)
    .mutation(({ ctx, input }) => {
      const done = confirmUnsubscribe(ctx.db, input.token);
      if (!done) throw notFound(message("notices.unsubscribeInvalid"));
      return done;
    }),
});
