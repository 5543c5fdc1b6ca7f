import { exportsRouter } from "./routers/exports";
import { indicatorsRouter } from "./routers/indicators";
import { pilotsRouter } from "./routers/pilots";
import { portfolioRouter } from "./routers/portfolio";
import { projectsRouter } from "./routers/projects";
import { reportsRouter } from "./routers/reports";
import { resultsRouter } from "./routers/results";
import { stakeholdersRouter } from "./routers/stakeholders";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  projects: projectsRouter,
  pilots: pilotsRouter,
  indicators: indicatorsRouter,
  results: resultsRouter,
  portfolio: portfolioRouter,
  exports: exportsRouter,
  reports: reportsRouter,
  stakeholders: stakeholdersRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
