import { z } from "zod";
import { translateImportJob, type UntranslatedImportJob } from "../../shared/importFormat";
import { message } from "../../shared/i18n/message";
import { commitImportJob, discardImportJob, getImportJob, ImportJobError } from "../imports/importJobs";
import { policy } from "../access";
import type { Context } from "../context";
import { translate } from "../i18n";
import { procedure, router } from "../trpc";
import { userError } from "../errors";

/** The job in the reader's language: its problems, preview details and progress are catalogue messages. */
const inLanguage = (language: string, job: UntranslatedImportJob) => translateImportJob(job, (text) => translate(language, text));

/**
 * Files arrive through POST /api/imports (server/http/importUpload.ts), which checks who may import into
 * what; these follow and finish the jobs it starts. A job belongs to the person who uploaded it: for
 * anyone else it does not exist (NOT_FOUND, as an unknown id), and its rights are checked again at commit.
 */
const jobInput = z.object({ jobId: z.uuid() }).strict();

function asTrpcError(error: unknown): never {
  if (error instanceof ImportJobError) {
    const code =
      error.status === 404 ? "NOT_FOUND" : error.status === 403 ? "FORBIDDEN" : error.status === 409 ? "CONFLICT" : error.status === 429 ? "TOO_MANY_REQUESTS" : "BAD_REQUEST";
    throw userError(code, error.text);
  }
  throw error;
}

/** The signed-in person's id; `policy.signedIn` has made sure there is one. */
const userIdOf = (ctx: Context) => ctx.user!.id;

export const importsRouter = router({
  /** The job's phase, progress, preview and outcome: the import page polls it. */
  job: procedure
    .meta(policy.signedIn)
    .input(jobInput)
    .query(({ ctx, input }) => {
      const job = getImportJob(ctx.db, input.jobId, userIdOf(ctx));
      if (!job) throw userError("NOT_FOUND", message("importFile.errors.expired"));
      return inLanguage(ctx.language, job);
    }),

  /** Writes the previewed import, all or nothing; `token` is the preview's, so a stale preview cannot commit. */
  commit: procedure
    .meta(policy.signedIn)
    .input(jobInput.extend({ token: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => {
      try {
        return inLanguage(ctx.language, commitImportJob(ctx.db, input.jobId, userIdOf(ctx), input.token));
      } catch (error) {
        asTrpcError(error);
      }
    }),

  discard: procedure
    .meta(policy.signedIn)
    .input(jobInput)
    .mutation(({ ctx, input }) => {
      try {
        discardImportJob(ctx.db, input.jobId, userIdOf(ctx));
      } catch (error) {
        asTrpcError(error);
      }
      return { discarded: true };
    }),
});
