import i18next from "i18next";
import LanguageDetector from "i18next-browser-languagedetector";
import resourcesToBackend from "i18next-resources-to-backend";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE } from "../../../shared/i18n/languages";
import { registerFormatters } from "../../../shared/i18n/formatters";

/**
 * Every catalogue file in shared/i18n/locales is a language; each is loaded only when chosen.
 * The first visit follows the browser's languages; a choice is remembered in this browser and, once
 * signed in, on the account (docs/decisions/011-languages.md).
 */
const catalogues = import.meta.glob<{ default: Record<string, unknown> }>("../../../shared/i18n/locales/*.json");

export const availableLanguages: readonly string[] = Object.keys(catalogues)
  .map((path) => /([a-z]{2,3})\.json$/.exec(path)?.[1])
  .filter((code): code is string => !!code)
  .sort();

export const LANGUAGE_STORAGE_KEY = "pilot-monitor.language";

export const i18n = i18next.createInstance();

export function initI18n(): Promise<unknown> {
  i18n
    .use(LanguageDetector)
    .use(resourcesToBackend((language: string) => catalogues[`../../../shared/i18n/locales/${language}.json`]!().then((module) => module.default)))
    .use(initReactI18next);
  const ready = i18n.init({
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: availableLanguages as string[],
    nonExplicitSupportedLngs: true,
    load: "languageOnly",
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: { order: ["localStorage", "navigator"], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: ["localStorage"] },
    react: { useSuspense: false },
  });
  registerFormatters(i18n);
  i18n.on("languageChanged", (language) => {
    document.documentElement.lang = language;
  });
  return ready;
}

/** The language in use, as a catalogue code ("it", not "it-IT"). */
export function currentLanguage(): string {
  return i18n.resolvedLanguage ?? DEFAULT_LANGUAGE;
}
