import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The layers point one way: db/ is below server/ and client/, so that the schema, the connection and the
 * migrations can be used (backups, the benchmark, the demo seed in server/demo/) without dragging the
 * server or the browser code along, and so that no import cycle can run through the database layer.
 */
const ROOT = resolve(import.meta.dirname, "../..");
const FORBIDDEN = ["server", "client"].map((dir) => join(ROOT, dir));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** Every module a file names: static imports and exports, `import("…")` and `require("…")`. */
function importedSpecifiers(path: string, text: string): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function forbiddenImports(path: string, text: string): string[] {
  return importedSpecifiers(path, text)
    .filter((specifier) => specifier.startsWith("."))
    .filter((specifier) => {
      const target = resolve(dirname(path), specifier);
      return FORBIDDEN.some((dir) => target === dir || target.startsWith(`${dir}/`));
    })
    .map((specifier) => `${relative(ROOT, path)} imports ${specifier}`);
}

describe("layers", () => {
  it("db/ imports nothing from server/ or client/", () => {
    const files = sourceFiles(join(ROOT, "db"));
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((path) => forbiddenImports(path, readFileSync(path, "utf8")))).toEqual([]);
  });

  it("catches every way of naming a server or client module from db/", () => {
    const path = join(ROOT, "db", "example.ts");
    const text = [
      'import { a } from "../server/services/passwords";',
      'import type { B } from "../client/src/app";',
      'export { c } from "../server/errors";',
      'const d = await import("../server/clock");',
      'const e = require("../client/src/main");',
      'import { f } from "./schema";',
      'import { g } from "../shared/dates";',
      'import { h } from "drizzle-orm";',
    ].join("\n");
    expect(forbiddenImports(path, text)).toEqual([
      "db/example.ts imports ../server/services/passwords",
      "db/example.ts imports ../client/src/app",
      "db/example.ts imports ../server/errors",
      "db/example.ts imports ../server/clock",
      "db/example.ts imports ../client/src/main",
    ]);
  });
});
