/**
 * Coordinators type numbers the way their language writes them: "8,6" in Italian, "8.6" in English.
 * A single comma or point is the decimal separator. Thousands separators are refused rather than
 * guessed, because "1.234" means 1234 in Italy and 1.234 in England.
 * See docs/decisions/004-decimal-input.md.
 */
export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

const PLAIN_NUMBER = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/;

export function parseDecimalInput(raw: string): ParsedNumber {
  const text = raw.trim().replace(/\s+/g, "");
  if (text === "") return { ok: false, message: "Enter a number." };
  const separators = text.match(/[.,]/g) ?? [];
  if (separators.length > 1) {
    return {
      ok: false,
      message: `"${raw.trim()}" has more than one separator: write the number without thousands separators, e.g. 1234,5.`,
    };
  }
  if (!PLAIN_NUMBER.test(text)) return { ok: false, message: `"${raw.trim()}" is not a number.` };
  const value = Number(text.replace(",", "."));
  if (!Number.isFinite(value)) return { ok: false, message: `"${raw.trim()}" is not a number.` };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}

/** Rounds for display and storage of derived figures (percentages), avoiding 65.21739130434783. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

// Creating a number format is costly; one per number of decimals is enough.
const numberFormats = new Map<number, Intl.NumberFormat>();

export function formatNumber(value: number | null | undefined, maxDecimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  let format = numberFormats.get(maxDecimals);
  if (!format) {
    format = new Intl.NumberFormat("en-GB", { maximumFractionDigits: maxDecimals });
    numberFormats.set(maxDecimals, format);
  }
  return format.format(roundTo(value, maxDecimals));
}

export function formatPercent(value: number | null | undefined, maxDecimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return `${formatNumber(value, maxDecimals)} %`;
}
