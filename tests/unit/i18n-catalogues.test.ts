import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * Every language is complete: the same keys as English, the same {{placeholders}} in each message,
 * and no empty message. Adding a language is adding one file to shared/i18n/locales.
 */
const dir = new URL("../../shared/i18n/locales/", import.meta.url);
const catalogues = Object.fromEntries(
  readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => [file.replace(".json", ""), JSON.parse(readFileSync(new URL(file, dir), "utf8")) as Record<string, unknown>]),
);

function flatten(tree: Record<string, unknown>, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else if (value && typeof value === "object") for (const [k, v] of flatten(value as Record<string, unknown>, path)) out.set(k, v);
    else throw new Error(`${path} is neither a message nor a group`);
  }
  return out;
}

/** Plural forms differ per language (Polish has four): compare keys without their _one/_other suffix. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();

const english = flatten(catalogues.en!);

describe("message catalogues", () => {
  it("has English, Italian, Spanish and German", () => {
    expect(Object.keys(catalogues).sort()).toEqual(expect.arrayContaining(["de", "en", "es", "it"]));
  });

  for (const [language, catalogue] of Object.entries(catalogues)) {
    if (language === "en") continue;
    describe(language, () => {
      const messages = flatten(catalogue);
      const englishBases = new Set([...english.keys()].map(baseKey));
      const bases = new Set([...messages.keys()].map(baseKey));

      it("has every English message", () => {
        expect([...englishBases].filter((key) => !bases.has(key))).toEqual([]);
      });

      it("has no message English lacks", () => {
        expect([...bases].filter((key) => !englishBases.has(key))).toEqual([]);
      });

      it("names the same values in each message, and none is empty", () => {
        const wrong: string[] = [];
        for (const [key, text] of messages) {
          if (text.trim() === "") wrong.push(`${key}: empty`);
          const reference = english.get(key) ?? english.get(`${baseKey(key)}_other`) ?? english.get(baseKey(key));
          if (reference === undefined) continue;
          const expected = new Set(placeholders(reference).filter((name) => name !== "count"));
          const actual = new Set(placeholders(text).filter((name) => name !== "count"));
          if ([...expected].some((name) => !actual.has(name)) || [...actual].some((name) => !expected.has(name)))
            wrong.push(`${key}: {{${[...actual].join(", ")}}} instead of {{${[...expected].join(", ")}}}`);
        }
        expect(wrong).toEqual([]);
      });
    });
  }
});
