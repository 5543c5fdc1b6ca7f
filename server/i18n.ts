import { readdirSync, readFileSync } from "node:fs";
import { createInstance, type TFunction } from "i18next";
import { registerFormatters } from "../shared/i18n/formatters";
import { DEFAULT_LANGUAGE, pickLanguage } from "../shared/i18n/languages";
import { isMessage, type Message } from "../shared/i18n/message";

/**
 * The server speaks the reader's language where it writes sentences itself: error messages, export
 * headings, the print view. It reads the same catalogue files as the client (one per language).
 */
const LOCALES_DIR = new URL("../shared/i18n/locales/", import.meta.url);

function loadCatalogues(): Record<string, { translation: Record<string, unknown> }> {
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  for (const file of readdirSync(LOCALES_DIR)) {
    const match = /^([a-z]{2,3})\.json$/.exec(file);
    if (match) resources[match[1]!] = { translation: JSON.parse(readFileSync(new URL(file, LOCALES_DIR), "utf8")) };
  }
  return resources;
}

const resources = loadCatalogues();
export const supportedLanguages: readonly string[] = Object.keys(resources).sort();

const i18n = createInstance();
void i18n.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: supportedLanguages,
  initAsync: false,
  // Output goes into JSON, CSV and React text, each escaping in its own way.
  interpolation: { escapeValue: false },
  returnNull: false,
});
registerFormatters(i18n);

export function isSupportedLanguage(language: string): boolean {
  return supportedLanguages.includes(language);
}

export function bestLanguage(preferences: readonly (string | null | undefined)[]): string {
  return pickLanguage(preferences, supportedLanguages);
}

// One fixed t per language: creating it costs more than most translations.
const fixedTranslators = new Map<string, TFunction>();

/** A t function fixed to one language. */
export function translatorFor(language: string): TFunction {
  const code = isSupportedLanguage(language) ? language : DEFAULT_LANGUAGE;
  let t = fixedTranslators.get(code);
  if (!t) fixedTranslators.set(code, (t = i18n.getFixedT(code)));
  return t;
}

/**
 * A translation depends only on the language, the key and the values, and pages repeat the same ones (a
 * period label per comment, per row): remembered, up to a bound, because formatting dates inside a message
 * costs a tenth of a millisecond each time.
 */
const remembered = new Map<string, string>();
const REMEMBERED_LIMIT = 20_000;

/** A message in `language`; a plain string that is not a catalogue key is returned as it is. */
export function translate(language: string, text: Message | string): string {
  const memoKey = isMessage(text) ? `${language}\u0000${text.key}\u0000${text.values ? JSON.stringify(text.values) : ""}` : `${language}\u0000${text}`;
  const known = remembered.get(memoKey);
  if (known !== undefined) return known;
  // Keys arrive at run time (from messages and schemas), so the typed-key check cannot apply here.
  const t = translatorFor(language) as unknown as (key: string, values?: object) => string;
  const said = isMessage(text) ? t(text.key, text.values ?? {}) : i18n.exists(text, { lng: language }) ? t(text) : text;
  if (remembered.size >= REMEMBERED_LIMIT) remembered.clear();
  remembered.set(memoKey, said);
  return said;
}
