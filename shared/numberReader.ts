/**
 * The one rule for reading a number someone typed or a file holds as text, in a language
 * (docs/decisions/004-decimal-input.md). The language's decimal mark and grouping mark mean what they
 * mean there and nothing else:
 * - Italian, Spanish, German: "2.500" is 2500, "2,5" is 2.5, "12.345,5" is 12345.5;
 * - English: "2,500" is 2500, "2.5" is 2.5, "12,345.5" is 12345.5.
 * What is not a number in that language is refused, never guessed, with a message that says how the
 * language reads numbers and, when there is one, the reading the person probably meant: a grouping
 * mark not followed by groups of three digits ("8.6" in Italian: did you mean 8,6?), two decimal marks,
 * a grouping mark among the decimals. Spaces (also no-break and narrow ones) group thousands anywhere.
 */
import { message, type Message } from "./i18n/message";

export type NumberReading = { ok: true; value: number } | { ok: false; message: Message };

const SPACES = /[\s\u00a0\u202f']/g;

/** The language's two marks, from the platform's own formatting: "," and "." swap between English and Italian. */
export function numberMarksOf(locale: string): { decimal: "." | ","; group: "." | "," } {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((part) => part.type === "decimal")?.value === "," ? "," : ".";
  return { decimal, group: decimal === "," ? "." : "," };
}

/** 12345.5 written the language's way, for messages: the example shows both marks at once. */
function exampleOf(locale: string): string {
  const { decimal, group } = numberMarksOf(locale);
  return `12${group}345${decimal}5`;
}

export function readNumber(raw: string, locale: string): NumberReading {
  const shown = raw.trim();
  const text = shown.replace(SPACES, "");
  if (text === "") return { ok: false, message: message("numbers.enterNumber") };
  const { decimal, group } = numberMarksOf(locale);
  const marks = { text: shown, decimal, group, example: exampleOf(locale) };
  if (!/^[+-]?[\d.,]+$/.test(text) || !/\d/.test(text)) return { ok: false, message: message("numbers.notANumber", { text: shown }) };
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[+-]/, "");
  const pieces = body.split(decimal);
  if (pieces.length > 2) return { ok: false, message: message("numbers.twoDecimalMarks", marks) };
  const [integerPart = "", fraction] = pieces as [string, string?];
  if (fraction !== undefined && !/^\d+$/.test(fraction)) {
    return { ok: false, message: message("numbers.badGrouping", marks) };
  }
  let digits = integerPart;
  if (integerPart.includes(group)) {
    if (!new RegExp(`^\\d{1,3}(\\${group}\\d{3})+$`).test(integerPart)) {
      // "8.6" in Italian: with the marks swapped it is a number, and probably the one meant.
      const swapped = fraction === undefined && integerPart.split(group).length === 2 ? readNumber(shown.split(group).join(decimal), locale) : null;
      if (swapped?.ok) return { ok: false, message: message("numbers.badGroupingMeant", { ...marks, meant: swapped.value }) };
      return { ok: false, message: message("numbers.badGrouping", marks) };
    }
    digits = integerPart.split(group).join("");
  }
  if (digits === "" && fraction === undefined) return { ok: false, message: message("numbers.notANumber", { text: shown }) };
  const value = sign * Number(`${digits || "0"}${fraction === undefined ? "" : `.${fraction}`}`);
  if (!Number.isFinite(value)) return { ok: false, message: message("numbers.notANumber", { text: shown }) };
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}
