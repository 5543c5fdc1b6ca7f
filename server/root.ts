import { authRouter } from "./routers/auth";
import { evidenceRouter } from "./routers/evidence";
import { exportsRouter } from "./routers/exports";
import { historyRouter } from "./routers/history";
import { importsRouter } from "./routers/imports";
import { indicatorsRouter } from "./routers/indicators";
import { invitationsRouter } from "./routers/invitations";
import { noticesRouter } from "./routers/notices";
import { todoRouter } from "./routers/todo";
import { pilotsRouter } from "./routers/pilots";
import { portfolioRouter } from "./routers/portfolio";
import { programmeIndicatorsRouter } from "./routers/programmeIndicators";
import { projectsRouter } from "./routers/projects";
import { reportsRouter } from "./routers/reports";
import { resultsRouter } from "./routers/results";
import { stakeholdersRouter } from "./routers/stakeholders";
import { reviewsRouter } from "./routers/reviews";
import { securityLogRouter } from "./routers/securityLog";
import { tokensRouter } from "./routers/tokens";
import { usersRouter } from "./routers/users";
import { peopleRouter } from "./routers/people";
import { settingsRouter } from "./routers/settings";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  invitations: invitationsRouter,
  people: peopleRouter,
  settings: settingsRouter,
  todo: todoRouter,
  notices: noticesRouter,
  securityLog: securityLogRouter,
  tokens: tokensRouter,
  projects: projectsRouter,
  pilots: pilotsRouter,
  indicators: indicatorsRouter,
  results: resultsRouter,
  reviews: reviewsRouter,
  history: historyRouter,
  portfolio: portfolioRouter,
  exports: exportsRouter,
  reports: reportsRouter,
  stakeholders: stakeholdersRouter,
  imports: importsRouter,
  evidence: evidenceRouter,
  programmeIndicators: programmeIndicatorsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
