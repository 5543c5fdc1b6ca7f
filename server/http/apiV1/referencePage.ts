/*
 * The reference page of /api/v1 (GET /api/v1/docs): the OpenAPI document written out as plain HTML, on
 * the server, so that it needs no script, no CDN and passes the app's Content-Security-Policy. It reads
 * the document only, so it says what the document says.
 */

type Json = Record<string, unknown>;

const escapeHtml = (text: unknown) => String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** `code` spans for backticks in the document's descriptions, everything else escaped. */
const prose = (text: unknown) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");

function typeOf(schema: Json | undefined): string {
  if (!schema) return "";
  if (typeof schema.$ref === "string") {
    const name = schema.$ref.split("/").at(-1)!;
    return `<a href="#schema-${escapeHtml(name)}">${escapeHtml(name)}</a>`;
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => `<code>${escapeHtml(v)}</code>`).join(" | ");
  if (schema.type === "array") return `array of ${typeOf(schema.items as Json)}`;
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(" or ");
  const type = Array.isArray(schema.type) ? schema.type.join(" or ") : String(schema.type ?? "any");
  return escapeHtml(schema.pattern ? `${type} (${schema.pattern})` : type);
}

function propertiesTable(schema: Json): string {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows = Object.entries(properties)
    .map(([name, property]) => {
      const nested = property.type === "object" && property.properties ? propertiesTable(property) : "";
      const items = property.type === "array" && (property.items as Json)?.properties ? propertiesTable(property.items as Json) : "";
      return `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? "" : " <small>optional</small>"}</td><td>${typeOf(property)}</td><td>${prose(property.description)}${nested}${items}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>Field</th><th>Type</th><th>Meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function referencePage(document: object): string {
  const doc = document as Json;
  const info = doc.info as Json;
  const base = ((doc.servers as Json[])[0]?.url as string) ?? "";
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, Json>;
  const operations = Object.entries(paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const toc = operations
    .map(
      ({ path, method, op }) => `<li><a href="#${escapeHtml(op.operationId)}"><code>${method.toUpperCase()} ${escapeHtml(base + path)}</code></a> ${escapeHtml(op.summary)}</li>`,
    )
    .join("");
  const body = operations
    .map(({ path, method, op }) => {
      const parameters = (op.parameters ?? []) as Json[];
      const parameterRows = parameters
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code> <small>${escapeHtml(p.in)}${p.required ? "" : ", optional"}</small></td><td>${typeOf(p.schema as Json)}</td><td>${prose(p.description ?? (p.schema as Json)?.description)}</td></tr>`,
        )
        .join("");
      const requestBody = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const responses = Object.entries(op.responses as Record<string, Json>)
        .map(([status, response]) => {
          const schema = ((response.content as Record<string, Json> | undefined)?.["application/json"]?.schema ?? undefined) as Json | undefined;
          return `<li><code>${escapeHtml(status)}</code> ${prose(response.description)} ${schema ? `— ${typeOf(schema)}` : ""}</li>`;
        })
        .join("");
      return `<section id="${escapeHtml(op.operationId)}"><h3><code>${method.toUpperCase()} ${escapeHtml(base + path)}</code></h3><p>${prose(op.summary)}</p>${op.description ? `<p>${prose(op.description)}</p>` : ""}
${parameterRows ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>Type</th><th>Meaning</th></tr></thead><tbody>${parameterRows}</tbody></table>` : ""}
${requestBody ? `<h4>Body</h4><p>${typeOf(requestBody["application/json"]!.schema as Json)}</p>` : ""}<h4>Answers</h4><ul>${responses}</ul></section>`;
    })
    .join("\n");
  const components = Object.entries(schemas)
    .map(
      ([name, schema]) =>
        `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${schema.description ? `<p>${prose(schema.description)}</p>` : ""}${propertiesTable(schema)}</section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title><link rel="stylesheet" href="${escapeHtml(base)}/docs.css"></head>
<body><main>
<h1>${escapeHtml(info.title)} <small>${escapeHtml(info.version)}</small></h1>
<p>${prose(info.description)}</p>
<h2>Authentication</h2>
<p>Every request sends a personal access token: <code>Authorization: Bearer pm_…</code>. Make one on your account page (Account → API tokens); it is shown once. A token acts with your roles, never more; a read token cannot write. Every use is in the security log; each token may make a limited number of requests per minute (429 with <code>Retry-After</code> beyond).</p>
<p>The machine-readable document: <a href="${escapeHtml(base)}/openapi.json"><code>${escapeHtml(base)}/openapi.json</code></a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>
<h2>Routes</h2><ul>${toc}</ul>
${body}
<h2>Schemas</h2>
${components}
</main></body></html>`;
}

export const referenceStyles = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a}main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 4rem}
h3{margin-top:2rem;border-top:1px solid #ccc;padding-top:1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
code{background:#f3f3f3;padding:0 .2em;border-radius:3px}small{color:#555}a{color:#0b5394}`;
