/**
 * Languages are the catalogue files in shared/i18n/locales/ (one file per language, named by its
 * two-letter code): the client and the server both list that folder, so adding a language is adding
 * one file. English is complete by construction and is the fallback for anything missing.
 */
export const DEFAULT_LANGUAGE = "en";

/** The header with which the client names the language its page is shown in (server/context.ts reads it). */
export const LANGUAGE_HEADER = "x-pilot-monitor-language";

/**
 * The locale numbers and dates are written in. English is the British/EU English of the programmes:
 * 30/09/2021 and 65.22%, not the American month first.
 */
export function formattingLocaleOf(language: string): string {
  // Only the language counts: the browser's "en-US" still writes the programme's 30/09/2021.
  const code = language.toLowerCase().split(/[-_]/)[0] || DEFAULT_LANGUAGE;
  return code === "en" ? "en-GB" : code;
}

/** The best supported language for a list of preferences ("it-IT", "en-US;q=0.8"...), or the default. */
export function pickLanguage(preferences: readonly (string | null | undefined)[], supported: readonly string[]): string {
  for (const preference of preferences) {
    if (!preference) continue;
    const code = preference.trim().toLowerCase().split(/[-_;]/)[0] ?? "";
    if (supported.includes(code)) return code;
  }
  return DEFAULT_LANGUAGE;
}

/** Accept-Language "it-IT,it;q=0.9,en;q=0.8" as preferences, best first. */
export function acceptLanguagePreferences(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag ?? "", quality: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality)
    .map((entry) => entry.tag);
}
