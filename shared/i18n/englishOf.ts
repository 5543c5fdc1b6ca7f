import { createInstance } from "i18next";
import english from "./locales/en.json";
import { registerFormatters } from "./formatters";
import type { Message } from "./message";

/**
 * The English text of a message, for shared code that still hands out plain sentences (the spreadsheet
 * import's cell problems) and cannot reach the server's translator. English is the catalogue of reference.
 */
const englishOnly = createInstance();
void englishOnly.init({
  resources: { en: { translation: english } },
  lng: "en",
  fallbackLng: "en",
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
registerFormatters(englishOnly);

export function englishOf(text: Message): string {
  return (englishOnly.t as unknown as (key: string, values?: object) => string)(text.key, text.values ?? {});
}
