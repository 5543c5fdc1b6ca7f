import { z } from "zod";
import { asOfInput } from "../../shared/schemas";
import { loadPilotsForProgress } from "../services/indicatorProgress";
import { buildIndicatorTable } from "../services/indicatorTable";
import { policy } from "../access";
import { notFound, procedure, router } from "../trpc";

/** The data of the evaluator's tables; server/app.ts turns them into CSV and XLSX downloads. */
export const exportsRouter = router({
  pilotIndicatorTable: procedure.meta(policy.read({ pilot: "pilotId" })).input(z.object({ pilotId: z.number().int().positive(), asOf: asOfInput }).strict()).query(({ ctx, input }) => {
    const pilotList = loadPilotsForProgress(ctx.db, { pilotIds: [input.pilotId], includeArchived: true });
    const pilot = pilotList[0];
    if (!pilot) throw notFound("The pilot");
    return { title: `Indicator table: ${pilot.title}`, fileStem: `indicators-pilot-${pilot.id}`, ...buildIndicatorTable(ctx.db, pilotList, input.asOf ?? ctx.today()) };
  }),

  projectIndicatorTable: procedure.meta(policy.read({ project: "projectId" })).input(z.object({ projectId: z.number().int().positive(), asOf: asOfInput }).strict()).query(({ ctx, input }) => {
    const pilotList = loadPilotsForProgress(ctx.db, { projectId: input.projectId });
    const projectName = pilotList[0]?.projectName;
    if (!projectName) throw notFound("The project (or an active pilot in it)");
    return { title: `Indicator tables of all pilots: ${projectName}`, fileStem: `indicators-project-${input.projectId}`, ...buildIndicatorTable(ctx.db, pilotList, input.asOf ?? ctx.today()) };
  }),
});
