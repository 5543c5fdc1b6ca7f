import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * No module may reach itself through its imports (the review of the code found
 * access.ts → trpc.ts → context.ts → services/audit.ts → services/optimisticUpdate.ts → trpc.ts).
 * Imports of types only are erased at run time and do not count.
 */

const root = join(import.meta.dirname, "../..");
const folders = ["client", "server", "shared", "db"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "node_modules" ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

const importPattern = /^import\s+(type\s+)?([\s\S]*?)\s+from\s+"(\.[^"]+)"/gm;
const onlyTypes = /^\{\s*(type\s+\w+(\s+as\s+\w+)?\s*,?\s*)+\}$/;

function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(importPattern)) {
    if (match[1] || onlyTypes.test(match[2]!.trim())) continue;
    const target = normalize(join(dirname(file), match[3]!));
    const resolved = [`${target}.ts`, `${target}.tsx`, join(target, "index.ts"), target].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    if (resolved) found.push(resolved);
  }
  return found;
}

describe("the module graph", () => {
  it("has no import cycles", () => {
    const files = folders.flatMap((folder) => sourceFiles(join(root, folder)));
    const graph = new Map(files.map((file) => [file, runtimeImports(file)]));
    const state = new Map<string, "visiting" | "done">();
    const path: string[] = [];
    const cycles: string[] = [];
    const visit = (file: string) => {
      state.set(file, "visiting");
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === "visiting") cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(root, f)).join(" → "));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, "done");
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(files.length).toBeGreaterThan(100);
    expect(cycles).toEqual([]);
  });
});
