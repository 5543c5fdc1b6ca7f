import { z } from "zod";
import type { InnerContext } from "../../context";
import { authorize, policy } from "../../access";
import { loadPeriodReport } from "../../services/periodReports";
import { savePeriodThroughWritePath } from "../../routers/results";
import type { createCaller } from "../../root";
import { filters, indicatorList, pageQuery, pathId, periodList, periodResults, pilot, pilotPage, project, projectPage, writeResultsAnswer, writeResultsBody } from "./schemas";

/*
 * Every route of /api/v1, as data: the express router (./index.ts) and the OpenAPI document (./openapi.ts)
 * are both built from this one table, so the document lists exactly the routes that answer. Each handler
 * is a call of the tRPC routers as the token's owner (createCaller), so the same policies (server/access.ts)
 * decide; the write goes through the one write path with route "api". Handlers map the routers' answers
 * to the stable shapes of ./schemas.ts.
 */

export interface ApiCall {
  ctx: InnerContext;
  caller: ReturnType<typeof createCaller>;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ApiRoute {
  method: "get" | "put";
  /** OpenAPI style, relative to /api/v1: `/pilots/{pilotId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: "Projects" | "Pilots" | "Periods";
  /** "write" routes need a read+write token; every route needs the owner's role for what it names. */
  scope: "read" | "write";
  params?: AnyObject;
  query?: AnyObject;
  body?: z.ZodType;
  response: z.ZodType;
  /** The refusals this route can answer besides 401 and 429 (declared in the document). */
  errors: number[];
  handle(input: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown }, api: ApiCall): Promise<unknown> | unknown;
}

const paginate = <T>(items: T[], query: Record<string, unknown>) => {
  const limit = (query.limit as number | undefined) ?? 100;
  const offset = (query.offset as number | undefined) ?? 0;
  return { items: items.slice(offset, offset + limit), total: items.length, limit, offset };
};

const projectOf = (p: {
  id: number;
  name: string;
  programme: string;
  startDate: string;
  endDate: string;
  tolerancePercent: number;
  isFictional: boolean;
  archivedAt: string | null;
  pilotCount?: number;
}) => ({
  id: p.id,
  name: p.name,
  programme: p.programme,
  startDate: p.startDate,
  endDate: p.endDate,
  tolerancePercent: p.tolerancePercent,
  isFictional: Boolean(p.isFictional),
  archived: p.archivedAt !== null,
  ...(p.pilotCount === undefined ? {} : { pilotCount: p.pilotCount }),
});

type PilotRow = Awaited<ReturnType<ApiCall["caller"]["pilots"]["get"]>>;
const pilotOf = (p: PilotRow) => ({
  id: p.id,
  projectId: p.projectId,
  title: p.title,
  partnerOrganisation: p.partnerOrganisation,
  location: p.location,
  country: p.country,
  startDate: p.startDate,
  endDate: p.endDate,
  reportingFrequency: p.reportingFrequency,
  isFictional: Boolean(p.isFictional),
  archived: p.archivedAt !== null,
});

const projectIdParam = z.object({ projectId: pathId.describe("The project's id (from /projects).") });
const pilotIdParam = z.object({ pilotId: pathId.describe("The pilot's id (from /pilots).") });
const periodIdParam = z.object({ periodId: pathId.describe("The period's id (from /pilots/{pilotId}/periods).") });

export const apiRoutes: ApiRoute[] = [
  {
    method: "get",
    path: "/projects",
    operationId: "listProjects",
    summary: "The projects the token's owner holds a role in (or in one of their pilots)",
    tag: "Projects",
    scope: "read",
    query: z.object({ includeArchived: filters.includeArchived, ...pageQuery }),
    response: projectPage,
    errors: [400],
    handle: async ({ query }, { caller }) => paginate((await caller.projects.list({ includeArchived: Boolean(query.includeArchived) })).map(projectOf), query),
  },
  {
    method: "get",
    path: "/projects/{projectId}",
    operationId: "getProject",
    summary: "One project",
    tag: "Projects",
    scope: "read",
    params: projectIdParam,
    response: project,
    errors: [400, 403, 404],
    handle: async ({ params }, { caller }) => projectOf(await caller.projects.get({ id: params.projectId as number })),
  },
  {
    method: "get",
    path: "/pilots",
    operationId: "listPilots",
    summary: "The pilots the token's owner may see, optionally of one project",
    tag: "Pilots",
    scope: "read",
    query: z.object({ projectId: filters.projectId, includeArchived: filters.includeArchived, ...pageQuery }),
    response: pilotPage,
    errors: [400],
    handle: async ({ query }, { caller }) =>
      paginate((await caller.pilots.list({ projectId: query.projectId as number | undefined, includeArchived: Boolean(query.includeArchived) })).map(pilotOf), query),
  },
  {
    method: "get",
    path: "/pilots/{pilotId}",
    operationId: "getPilot",
    summary: "One pilot",
    tag: "Pilots",
    scope: "read",
    params: pilotIdParam,
    response: pilot,
    errors: [400, 403, 404],
    handle: async ({ params }, { caller }) => pilotOf(await caller.pilots.get({ id: params.pilotId as number })),
  },
  {
    method: "get",
    path: "/pilots/{pilotId}/indicators",
    operationId: "listIndicators",
    summary: "A pilot's indicators with their status and progress",
    description: "Status codes: achieved, on_track, at_risk, underperforming, not_reported, not_yet_due (docs/decisions/001-status-rule.md).",
    tag: "Pilots",
    scope: "read",
    params: pilotIdParam,
    query: z.object({ asOf: filters.asOf, status: filters.status }),
    response: indicatorList,
    errors: [400, 403, 404],
    handle: async ({ params, query }, { caller }) => {
      const page = await caller.pilots.page({ id: params.pilotId as number, asOf: query.asOf as string | undefined });
      const items = page.indicators
        .filter((view) => query.status === undefined || view.progress.status === query.status)
        .map(({ indicator: i, progress }) => ({
          id: i.id,
          pilotId: i.pilotId,
          code: i.code,
          name: i.name,
          kind: i.kind,
          measure: i.measure,
          cumulation: i.cumulation,
          unit: i.unit,
          baseline: i.baseline,
          goal: i.goal,
          goalDirection: i.goalDirection,
          goalText: i.goalText,
          scaleMin: i.scaleMin,
          scaleMax: i.scaleMax,
          fromStakeholderRegister: Boolean(i.fromStakeholderRegister),
          archived: i.archivedAt !== null,
          progress: {
            status: progress.status,
            current: progress.current,
            target: progress.target,
            percentOfGoal: progress.percentOfGoal,
            needsExplanation: progress.needsExplanation,
            isFinal: progress.isFinal,
          },
        }));
      return { pilotId: page.pilot.id, asOf: page.asOf, items };
    },
  },
  {
    method: "get",
    path: "/pilots/{pilotId}/periods",
    operationId: "listPeriods",
    summary: "A pilot's reporting periods with their review state",
    tag: "Periods",
    scope: "read",
    params: pilotIdParam,
    response: periodList,
    errors: [400, 403, 404],
    handle: async ({ params }, { caller }) => {
      const page = await caller.pilots.page({ id: params.pilotId as number });
      return {
        pilotId: page.pilot.id,
        items: page.periods.map((p) => ({
          id: p.id,
          pilotId: page.pilot.id,
          sequence: p.sequence,
          startDate: p.startDate,
          endDate: p.endDate,
          isDue: p.isDue,
          hasStarted: p.hasStarted,
          reviewState: p.report.state,
          reportedCount: p.reportedCount,
          indicatorCount: p.indicatorCount,
        })),
      };
    },
  },
  {
    method: "get",
    path: "/periods/{periodId}/results",
    operationId: "getPeriodResults",
    summary: "A period's results, one per active indicator, with the version to send back when changing one",
    tag: "Periods",
    scope: "read",
    params: periodIdParam,
    response: periodResults,
    errors: [400, 403, 404],
    handle: async ({ params }, api) => periodResultsOf(api, params.periodId as number),
  },
  {
    method: "put",
    path: "/periods/{periodId}/results",
    operationId: "writePeriodResults",
    summary: "Enter a period's results: they land as a draft, for the coordinator or manager to submit",
    description:
      "The same checks as the period form: values for the indicator's measure, a comment when a value is below its goal or expected progress, " +
      "`expectedVersion` as read (null for a new result; a result changed meanwhile is never overwritten: 409). A submitted or approved period is locked (412). " +
      "Needs a read+write token whose owner enters results for the pilot.",
    tag: "Periods",
    scope: "write",
    params: periodIdParam,
    body: writeResultsBody,
    response: writeResultsAnswer,
    errors: [400, 403, 404, 409, 412],
    handle: ({ params, body }, { ctx }) => {
      const periodId = params.periodId as number;
      // The same policy as results.savePeriod, checked by the same function before anything is read.
      authorize(ctx, "api.v1.writePeriodResults", policy.enterResults({ period: "periodId" }), { periodId });
      const { entries } = body as z.infer<typeof writeResultsBody>;
      const written = savePeriodThroughWritePath(ctx, { periodId, entries }, "api");
      return {
        periodId,
        reviewState: loadPeriodReport(ctx.db, periodId).state,
        saved: written.saved,
        unchanged: written.unchanged,
        results: written.outcome.results.map((r) => ({ indicatorId: r.indicatorId, action: r.action, version: r.version })),
      };
    },
  },
];

async function periodResultsOf({ caller }: ApiCall, periodId: number) {
  const form = await caller.results.periodForm({ periodId });
  const summary = (await caller.pilots.page({ id: form.pilot.id })).periods.find((p) => p.id === periodId)!;
  return {
    period: {
      id: form.period.id,
      pilotId: form.pilot.id,
      sequence: form.period.sequence,
      startDate: form.period.startDate,
      endDate: form.period.endDate,
      isDue: summary.isDue,
      hasStarted: summary.hasStarted,
      reviewState: form.report.state,
      reportedCount: summary.reportedCount,
      indicatorCount: summary.indicatorCount,
    },
    results: form.indicators.map(({ indicator, existing }) => ({
      indicatorId: indicator.id,
      indicatorCode: indicator.code,
      periodId,
      value: existing?.value ?? null,
      respondents: existing?.respondents ?? null,
      numerator: existing?.numerator ?? null,
      denominator: existing?.denominator ?? null,
      comment: existing?.comment ?? "",
      enteredBy: existing?.enteredBy ?? null,
      enteredAt: existing?.enteredAt ?? null,
      version: existing?.version ?? null,
    })),
  };
}
