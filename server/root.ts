import { exportsRouter } from "./routers/exports";
import { importsRouter } from "./routers/imports";
import { indicatorsRouter } from "./routers/indicators";
import { pilotsRouter } from "./routers/pilots";
import { portfolioRouter } from "./routers/portfolio";
import { projectsRouter } from "./routers/projects";
import { resultsRouter } from "./routers/results";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  projects: projectsRouter,
  pilots: pilotsRouter,
  indicators: indicatorsRouter,
  results: resultsRouter,
  portfolio: portfolioRouter,
  exports: exportsRouter,
  imports: importsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
