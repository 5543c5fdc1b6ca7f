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
    // Only a choice made in this browser is remembered in it (rememberInBrowser); an account's language is not,
    // or the next person to sign in here would inherit it (docs/decisions/021).
    detection: { order: ["localStorage", "navigator"], lookupLocalStorage: LANGUAGE_STORAGE_KEY, caches: [] },
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

/** A language chosen on this browser while nobody is signed in: the detector finds it on the next visit. */
export function rememberInBrowser(language: string): void {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // A browser that keeps nothing (private mode) still shows the page in the chosen language.
  }
}

/** After sign-out: the browser's own language again (its remembered choice, else its languages), not the account's. */
export function returnToBrowserLanguage(): Promise<unknown> {
  return i18n.changeLanguage();
}
