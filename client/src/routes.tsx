import { createBrowserRouter } from "react-router";
import { Layout } from "./components/Layout";
import { NotFound, RouteError } from "./components/RouteError";

/** Each page is its own chunk, loaded when first visited. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { path: "/", lazy: async () => ({ Component: (await import("./pages/PortfolioPage")).PortfolioPage }) },
      { path: "/attention", lazy: async () => ({ Component: (await import("./pages/AttentionPage")).AttentionPage }) },
      { path: "/projects", lazy: async () => ({ Component: (await import("./pages/ProjectsPage")).ProjectsPage }) },
      { path: "/projects/:projectId", lazy: async () => ({ Component: (await import("./pages/ProjectPage")).ProjectPage }) },
      { path: "/pilots/:pilotId", lazy: async () => ({ Component: (await import("./pages/PilotPage")).PilotPage }) },
      { path: "/pilots/:pilotId/setup", lazy: async () => ({ Component: (await import("./pages/PilotSetupPage")).PilotSetupPage }) },
      { path: "/pilots/:pilotId/import", lazy: async () => ({ Component: (await import("./pages/ImportPage")).ImportPage }) },
      { path: "/import", lazy: async () => ({ Component: (await import("./pages/ImportPage")).ImportPage }) },
      { path: "/pilots/:pilotId/periods/:periodId", lazy: async () => ({ Component: (await import("./pages/PeriodEntryPage")).PeriodEntryPage }) },
      { path: "*", Component: NotFound },
    ],
  },
]);
