/**
 * Coordinators type numbers the way their language writes them: "8,6" and "2.500" in Italian, "8.6" and
 * "2,500" in English, read by one rule (shared/numberReader.ts, docs/decisions/004-decimal-input.md).
 */
import { message, type Message } from "./i18n/message";
import { readNumber } from "./numberReader";

/** A refusal is a catalogue message (section "numbers"), so that each reader sees it in their language. */
export type ParsedNumber = { ok: true; value: number } | { ok: false; message: Message };

const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;

export function parseDecimalInput(raw: string): ParsedNumber {
  const text = raw.trim().replace(/\s+/g, "");
  if (text === "") return { ok: false, message: message("numbers.enterNumber") };
  const separators = text.match(/[.,]/g) ?? [];
  if (separators.length > 1) return { ok: false, message: message("numbers.moreThanOneSeparator", { text: raw.trim() }) };
  if (!PLAIN_NUMBER.test(text)) return { ok: false, message: message("numbers.notANumber", { text: raw.trim() }) };
  const value = Number(text.replace(",", "."));
  if (!Number.isFinite(value)) return { ok: false, message: message("numbers.notANumber", { text: raw.trim() }) };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/** Rounds for display and storage of derived figures (percentages), avoiding 65.21739130434783. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// Creating a number format is costly; one per locale and number of decimals is enough.
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, maxDecimals: number, style: "decimal" | "percent"): Intl.NumberFormat {
  const key = `${locale}|${maxDecimals}|${style}`;
  let format = numberFormats.get(key);
  // Grouping always: Italian and Spanish leave four-digit numbers ungrouped by default ("2500" beside "25.000"),
  // which reads as two formats in one table.
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: maxDecimals, style, useGrouping: "always" })));
  return format;
}

export const DEFAULT_NUMBER_LOCALE = "en-GB";

export function formatNumber(value: number | null | undefined, maxDecimals = 2, locale = DEFAULT_NUMBER_LOCALE): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return numberFormat(locale, maxDecimals, "decimal").format(roundTo(value, maxDecimals));
}

/**
 * `value` is in percent (65.22 for 65.22 %). English writes "65.22%"; the programme's other languages
 * write a (non-breaking) space before the sign, "65,22 %", which Intl omits for Italian.
 */
export function formatPercent(value: number | null | undefined, maxDecimals = 1, locale = DEFAULT_NUMBER_LOCALE): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  const number = formatNumber(value, maxDecimals, locale);
  return locale.toLowerCase().startsWith("en") ? `${number}%` : `${number}\u00a0%`;
}

// One date format per locale: day, month and year in digits, in the order and with the marks the locale uses.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "2021-09-30" as 30/09/2021 (en-GB, it), 30.09.2021 (de), 30/09/2021 (es); the date is a calendar day, not a moment. */
export function formatIsoDate(iso: string, locale = DEFAULT_NUMBER_LOCALE): string {
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" })));
  const [year, month, day] = iso.slice(0, 10).split("-").map(Number);
  if (!year || !month || !day) return iso;
  return format.format(new Date(Date.UTC(year, month - 1, day)));
}

/** The decimal and grouping separators a locale writes (grouping: "," in English, "." in Italian, a space in Polish). */
export function separatorsOf(locale: string): { decimal: string; group: string } {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
  return { decimal: parts.find((p) => p.type === "decimal")?.value ?? ".", group: parts.find((p) => p.type === "group")?.value ?? "," };
}

/**
 * A number typed in `locale`, by the one rule of shared/numberReader.ts (docs/decisions/004): kept under
 * this name for the forms that call it.
 */
export function parseLocaleNumber(raw: string, locale: string): ParsedNumber {
  return readNumber(raw, locale);
}

// Formats for form fields: no grouping, so that what the form shows parses back to the same number.
const inputFormats = new Map<string, Intl.NumberFormat>();

/**
 * A saved number as a form shows it for editing, in the locale's way but without grouping ("1234,5" in
 * Italian, "1234.5" in English): a grouped "1,234" would read back as ambiguous in English.
 */
export function formatNumberForInput(value: number | null | undefined, locale = DEFAULT_NUMBER_LOCALE): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  let format = inputFormats.get(locale);
  if (!format) inputFormats.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 6, useGrouping: false })));
  return format.format(value);
}
