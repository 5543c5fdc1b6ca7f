import { formattingLocaleOf } from "../../shared/i18n/languages";
import { formatIsoDate, separatorsOf } from "../../shared/numbers";
import { translatorFor } from "../i18n";

/**
 * How a CSV file is written for a reader: CSV has no cell types, so numbers, percentages and dates are
 * text in the reader's language (8,6 · 65,22 % · 30/09/2021 in Italian; 8.6 · 65.22% · 30/09/2021 in
 * English; 30.09.2021 in German). Where the comma is the decimal separator the fields are separated by
 * semicolons, as Italian, Spanish and German spreadsheet programs expect when they open a .csv file.
 * See docs/decisions/011-languages.md, "Exports and imports".
 */
export interface CsvLocale {
  language: string;
  delimiter: "," | ";";
  /** A value as stored (a history's before and after): up to six decimals. */
  number(value: number): string;
  /**
   * A figure of a table, with two decimals as the print view and the XLSX formats show it: a tracking
   * target is 60,49, not 60,493151.
   */
  figure(value: number): string;
  /** `value` in percent units: 65.22 → "65,22 %". */
  percent(value: number): string;
  date(iso: string): string;
  /** An ISO timestamp as the reader writes it: "02/12/2026 18:34 UTC" (UTC, as the server keeps time). */
  dateTime(iso: string): string;
}

const csvLocales = new Map<string, CsvLocale>();

export function csvLocaleFor(language: string): CsvLocale {
  const cached = csvLocales.get(language);
  if (cached) return cached;
  const locale = formattingLocaleOf(language);
  // No thousands separators: "1234,5" is read as a number by every spreadsheet, "1.234,5" not by all.
  const plain = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 });
  const share = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 2 });
  const english = locale.toLowerCase().startsWith("en");
  const csvLocale: CsvLocale = {
    language,
    delimiter: separatorsOf(locale).decimal === "," ? ";" : ",",
    number: (value) => plain.format(value),
    figure: (value) => share.format(value),
    // A plain space, not the non-breaking one of the app's pages: spreadsheets read "65,22 %" as a percentage.
    percent: (value) => (english ? `${share.format(value)}%` : `${share.format(value)} %`),
    date: (iso) => formatIsoDate(iso, locale),
    dateTime: (iso) => `${formatIsoDate(iso.slice(0, 10), locale)} ${iso.slice(11, 16)} UTC`,
  };
  csvLocales.set(language, csvLocale);
  return csvLocale;
}

/** A catalogue lookup for the file writers; keys are built at run time, so the typed-key check cannot apply. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

export function translateFor(language: string): Translate {
  return translatorFor(language) as unknown as Translate;
}

/** XLSX number formats: the spreadsheet shows the number in its own locale's way. */
export const XLSX_PERCENT_FORMAT = "0.00%";
export const XLSX_DATE_FORMAT = "yyyy-mm-dd";
export const xlsxNumberFormat = (value: number) => (Number.isInteger(value) ? "#,##0" : "#,##0.00");
