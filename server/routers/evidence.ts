import { eq } from "drizzle-orm";
import { z } from "zod";
import { evidenceItems, indicatorReferences } from "../../db/schema";
import { cleanFileName, EVIDENCE_LIMITS, evidenceTypes, type EvidenceType } from "../../shared/evidence";
import { message } from "../../shared/i18n/message";
import { evidenceDescription, evidenceLinkInput, indicatorReferenceInput } from "../../shared/schemas";
import { policy } from "../access";
import { nowTimestamp } from "../clock";
import { actorOf } from "../context";
import { notFound } from "../errors";
import { detectEvidenceType, evidenceDirFor, readEvidenceFile, storeEvidenceFile, tooLarge } from "../evidence/store";
import { queryEvidenceAnnex, queryPeriodEvidence, queryPilotEvidenceCounts, queryPilotResultCount, type PilotEvidenceCounts } from "../queries/evidence";
import { procedure, router } from "../trpc";
import { attachEvidence, removeEvidence, saveIndicatorReference } from "../writes/evidence";

const id = z.number().int().positive();

const emptyReference = { definition: "", dataSource: "", collectionMethod: "", collectionFrequency: "", responsible: "", meansOfVerification: "", version: 0 };

export const evidenceRouter = router({
  /** An indicator's reference sheet (empty, version 0, until a manager saves one). */
  reference: procedure
    .meta(policy.read({ indicator: "indicatorId" }))
    .input(z.object({ indicatorId: id }).strict())
    .query(({ ctx, input }) => {
      const row = ctx.db.select().from(indicatorReferences).where(eq(indicatorReferences.indicatorId, input.indicatorId)).get();
      if (!row) return { ...emptyReference, updatedBy: "" };
      const { indicatorId: _, createdAt: __, updatedAt: ___, ...sheet } = row;
      return sheet;
    }),

  saveReference: procedure
    .meta(policy.setUp({ indicator: "indicatorId" }))
    .input(indicatorReferenceInput.extend({ version: z.number().int().min(0) }))
    .mutation(({ ctx, input }) =>
      saveIndicatorReference(ctx.db, { actor: actorOf(ctx), indicatorId: input.indicatorId, fields: input.fields, expectedVersion: input.version, at: nowTimestamp() }),
    ),

  /** Per active indicator of the period: what evidence is expected, what is attached, whether a reviewer checked it. */
  forPeriod: procedure
    .meta(policy.read({ period: "periodId" }))
    .input(z.object({ periodId: id }).strict())
    .query(({ ctx, input }) => ({ indicators: queryPeriodEvidence(ctx.db, input.periodId), limits: EVIDENCE_LIMITS })),

  /** Results of the pilot with evidence, expecting evidence without any, and approvals with evidence pending. */
  pilotCounts: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: id }).strict())
    .query(
      ({ ctx, input }): PilotEvidenceCounts => ({
        results: queryPilotResultCount(ctx.db, input.pilotId),
        ...queryPilotEvidenceCounts(ctx.db, [input.pilotId]).get(input.pilotId)!,
      }),
    ),

  /** The list of evidence of a pilot, as the final report's annex shows it. */
  annex: procedure
    .meta(policy.read({ pilot: "pilotId" }))
    .input(z.object({ pilotId: id }).strict())
    .query(({ ctx, input }) => queryEvidenceAnnex(ctx.db, input.pilotId)),

  addLink: procedure
    .meta(policy.enterResults({ period: "periodId" }))
    .input(evidenceLinkInput)
    .mutation(({ ctx, input }) =>
      attachEvidence(ctx.db, {
        actor: actorOf(ctx),
        indicatorId: input.indicatorId,
        periodId: input.periodId,
        content: { kind: "link", url: input.url },
        description: input.description,
        today: ctx.today(),
        at: nowTimestamp(),
      }),
    ),

  /**
   * A file, as bytes: called by the upload route (POST /api/evidence, server/http/evidence.ts), which
   * cannot arrive through JSON. The type is judged from the content; the file is stored by its hash first.
   */
  attachFile: procedure
    .meta(policy.enterResults({ period: "periodId" }))
    .input(
      z
        .object({
          indicatorId: id,
          periodId: id,
          fileName: z.string().max(10_000),
          description: evidenceDescription,
          bytes: z.instanceof(Uint8Array),
        })
        .strict(),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.bytes.length > EVIDENCE_LIMITS.maxBytes) throw tooLarge();
      const fileName = cleanFileName(input.fileName);
      const contentType = await detectEvidenceType(input.bytes, fileName);
      const sha256 = storeEvidenceFile(evidenceDirFor(ctx.db), input.bytes);
      return attachEvidence(ctx.db, {
        actor: actorOf(ctx),
        indicatorId: input.indicatorId,
        periodId: input.periodId,
        content: { kind: "file", fileName, contentType, sizeBytes: input.bytes.length, sha256 },
        description: input.description,
        today: ctx.today(),
        at: nowTimestamp(),
      });
    }),

  remove: procedure
    .meta(policy.enterResults({ evidence: "evidenceId" }))
    .input(z.object({ evidenceId: id }).strict())
    .mutation(({ ctx, input }) => {
      removeEvidence(ctx.db, { actor: actorOf(ctx), evidenceId: input.evidenceId, today: ctx.today(), at: nowTimestamp() });
      return { removed: true };
    }),

  /** A file's bytes for the download route, with the detected type and a download name ending in its type's extension. */
  file: procedure
    .meta(policy.read({ evidence: "evidenceId" }))
    .input(z.object({ evidenceId: id }).strict())
    .query(({ ctx, input }) => {
      const item = ctx.db.select().from(evidenceItems).where(eq(evidenceItems.id, input.evidenceId)).get();
      if (item?.kind !== "file" || item.removedAt || !item.sha256) throw notFound(message("evidence.errors.notFound"));
      const bytes = readEvidenceFile(evidenceDirFor(ctx.db), item.sha256);
      if (!bytes) throw notFound(message("evidence.errors.fileMissing"));
      const contentType = item.contentType as EvidenceType;
      const extension = evidenceTypes[contentType] ?? "bin";
      const stem = (item.fileName ?? "evidence").replace(/\.[^.]*$/, "");
      return { bytes, contentType, fileName: `${stem}.${extension}` };
    }),
});
