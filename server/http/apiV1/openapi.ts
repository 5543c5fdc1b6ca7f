import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { apiRoutes } from "./routes";
import { errorBody } from "./schemas";

/*
 * The OpenAPI 3.1 document of /api/v1, generated from the route table and its zod schemas (the request
 * bodies are the app's own input schemas), so it cannot drift from what the server checks and answers.
 */

export const API_BASE = "/api/v1";

const refusals: Record<number, string> = {
  400: "The request is not valid: `fieldErrors` says which field and why.",
  401: "No token, or an unknown, expired or revoked one.",
  403: "The token's owner holds no role that allows this here, or the token may only read.",
  404: "No such thing.",
  409: "A result changed since it was read (`expectedVersion`): read it again.",
  412: "The period is submitted or approved (locked), or the pilot is archived.",
  429: "Too many requests with this token: wait the seconds `Retry-After` says.",
};

let built: object | undefined;

export function openApiDocument(): object {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A personal access token made on the account page (Account → API tokens), sent as `Authorization: Bearer pm_…`.",
  });
  const error = errorBody; // named "Error" by its .meta id
  for (const route of apiRoutes) {
    const statuses = [401, 429, ...route.errors];
    registry.registerPath({
      method: route.method,
      path: route.path,
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      tags: [route.tag],
      security: [{ [bearer.name]: [] }],
      request: {
        params: route.params,
        query: route.query,
        body: route.body ? { required: true, content: { "application/json": { schema: route.body } } } : undefined,
      },
      responses: {
        200: { description: "OK", content: { "application/json": { schema: route.response } } },
        ...Object.fromEntries(statuses.map((status) => [status, { description: refusals[status]!, content: { "application/json": { schema: error } } }])),
      },
    });
  }
  built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Pilot Monitor API",
      version: "1.0.0",
      description:
        "Read projects, pilots, indicators with their status and progress, periods and results; enter a period's results, which land as a draft for review. " +
        "A token acts with its owner's roles, never more. Field names and status codes are stable within v1.",
    },
    servers: [{ url: API_BASE }],
    security: [{ [bearer.name]: [] }],
  });
  return built;
}
