import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The server and shared rules name catalogue keys as plain strings (`message("entry.errors.locked")`,
 * schema messages "validation.…"): nothing types them, so this reads the code and checks each literal key
 * exists in the English catalogue (directly or as a plural).
 */
const ROOT = new URL("../../", import.meta.url).pathname;
const english = JSON.parse(readFileSync(join(ROOT, "shared/i18n/locales/en.json"), "utf8")) as Record<string, unknown>;

function keysOf(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === "string" ? [path.replace(/_(zero|one|two|few|many|other)$/, "")] : keysOf(value as Record<string, unknown>, path);
  });
}
const known = new Set(keysOf(english));
const sections = new Set(Object.keys(english));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|mjs)$/.test(name) && !name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Literal keys: message("a.b"), userError(..., "a.b"), t("a.b"), and schema messages "validation.x". */
const KEY_CALL = /\b(?:message|spanned|t|say|translate\([^,]+,)\s*\(\s*"([a-zA-Z]+\.[\w.]+)"/g;
const SCHEMA_KEY = /(?:message|error):\s*"([a-zA-Z]+\.[\w.]+)"/g;

describe("catalogue keys named in code exist in English", () => {
  for (const dir of ["server", "shared", "client/src", "db"]) {
    it(dir, () => {
      const missing: string[] = [];
      for (const file of sourceFiles(join(ROOT, dir))) {
        const text = readFileSync(file, "utf8");
        for (const pattern of [KEY_CALL, SCHEMA_KEY]) {
          for (const match of text.matchAll(pattern)) {
            const key = match[1]!;
            // Only keys of catalogue sections: other dotted strings (file names, paths) are not messages.
            if (!sections.has(key.split(".")[0]!)) continue;
            if (!known.has(key)) missing.push(`${relative(ROOT, file)}: ${key}`);
          }
        }
      }
      expect(missing).toEqual([]);
    });
  }
});
