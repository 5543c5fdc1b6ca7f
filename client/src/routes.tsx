import { createBrowserRouter } from "react-router";
import { Layout } from "./components/Layout";
import { NotFound, RouteError } from "./components/RouteError";

/** Each page is its own chunk, loaded when first visited. Everything but signing in needs an account. */
export const router = createBrowserRouter([
  { path: "/sign-in", errorElement: <RouteError />, lazy: async () => ({ Component: (await import("./pages/SignInPage")).SignInPage }) },
  { path: "/invitation/:token", errorElement: <RouteError />, lazy: async () => ({ Component: (await import("./pages/InvitationPage")).InvitationPage }) },
  { path: "/reset-password/:token", errorElement: <RouteError />, lazy: async () => ({ Component: (await import("./pages/ResetPasswordPage")).ResetPasswordPage }) },
  { path: "/unsubscribe/:token", errorElement: <RouteError />, lazy: async () => ({ Component: (await import("./pages/UnsubscribePage")).UnsubscribePage }) },
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { path: "/", lazy: async () => ({ Component: (await import("./pages/HomePage")).HomePage }) },
      { path: "/portfolio", lazy: async () => ({ Component: (await import("./pages/PortfolioPage")).PortfolioPage }) },
      { path: "/todo", lazy: async () => ({ Component: (await import("./pages/TodoPage")).TodoPage }) },
      { path: "/attention", lazy: async () => ({ Component: (await import("./pages/AttentionPage")).AttentionPage }) },
      { path: "/projects", lazy: async () => ({ Component: (await import("./pages/ProjectsPage")).ProjectsPage }) },
      { path: "/projects/:projectId", lazy: async () => ({ Component: (await import("./pages/ProjectPage")).ProjectPage }) },
      { path: "/pilots/:pilotId", lazy: async () => ({ Component: (await import("./pages/PilotPage")).PilotPage }) },
      { path: "/pilots/:pilotId/setup", lazy: async () => ({ Component: (await import("./pages/PilotSetupPage")).PilotSetupPage }) },
      { path: "/pilots/:pilotId/stakeholders", lazy: async () => ({ Component: (await import("./pages/StakeholdersPage")).StakeholdersPage }) },
      { path: "/pilots/:pilotId/import", lazy: async () => ({ Component: (await import("./pages/ImportPage")).ImportPage }) },
      { path: "/import", lazy: async () => ({ Component: (await import("./pages/ImportPage")).ImportPage }) },
      { path: "/pilots/:pilotId/periods/:periodId", lazy: async () => ({ Component: (await import("./pages/PeriodEntryPage")).PeriodEntryPage }) },
      { path: "/exports", lazy: async () => ({ Component: (await import("./pages/ExportsPage")).ExportsPage }) },
      { path: "/pilots/:pilotId/report", lazy: async () => ({ Component: (await import("./pages/report/ReportPage")).ReportPage }) },
      { path: "/results/:resultId", lazy: async () => ({ Component: (await import("./pages/ResultHistoryPage")).ResultHistoryPage }) },
      { path: "/indicators/:indicatorId/history", lazy: async () => ({ Component: (await import("./pages/IndicatorHistoryPage")).IndicatorHistoryPage }) },
      { path: "/reviews", lazy: async () => ({ Component: (await import("./pages/ReviewQueuePage")).ReviewQueuePage }) },
      { path: "/account", lazy: async () => ({ Component: (await import("./pages/AccountPage")).AccountPage }) },
      { path: "/admin/users", lazy: async () => ({ Component: (await import("./pages/UsersPage")).UsersPage }) },
      { path: "/admin/settings", lazy: async () => ({ Component: (await import("./pages/SettingsPage")).SettingsPage }) },
      { path: "/admin/security-log", lazy: async () => ({ Component: (await import("./pages/SecurityLogPage")).SecurityLogPage }) },
      { path: "/admin/programme-indicators", lazy: async () => ({ Component: (await import("./pages/ProgrammeCataloguePage")).ProgrammeCataloguePage }) },
      { path: "*", Component: NotFound },
    ],
  },
  // Print views stand alone: no navigation chrome on paper.
  {
    errorElement: <RouteError />,
    children: [
      { path: "/pilots/:pilotId/report/print", lazy: async () => ({ Component: (await import("./pages/report/ReportPrintPage")).ReportPrintPage }) },
      {
        path: "/projects/:projectId/progress-report/:period/print",
        lazy: async () => ({ Component: (await import("./pages/ProgressReportPrintPage")).ProgressReportPrintPage }),
      },
      { path: "/print/exports/:table", lazy: async () => ({ Component: (await import("./pages/PrintExportPage")).PrintExportPage }) },
    ],
  },
]);
