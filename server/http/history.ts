import type { Router } from "express";
import { z } from "zod";
import { CSV_TYPE } from "../exports/fileWriter";
import { historyCsv } from "../exports/historyFile";
import { createCaller } from "../root";
import { fileRoute, param, type ContextFor } from "./route";

/** The audit trail of a pilot, for evaluators: the same procedure, and permission, as the history view. */
export function historyRoutes(app: Router, contextFor: ContextFor): void {
  app.get(
    "/api/exports/pilots/:id/history.csv",
    fileRoute(contextFor, z.object({ id: param.id }), async ({ id }, context) => {
      const history = await createCaller(context).history.pilot({ pilotId: id });
      const names = { indicators: new Map(history.indicators.map((i) => [i.id, i.name])), periods: new Map(history.periods.map((p) => [p.sequence, p.label])) };
      return { fileName: `history-pilot-${id}.csv`, contentType: CSV_TYPE, body: historyCsv(history.entries, names, context.language) };
    }),
  );
}
