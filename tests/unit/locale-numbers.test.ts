import { describe, expect, it } from "vitest";
import { formatNumber, formatNumberForInput, formatPercent, parseLocaleNumber } from "../../shared/numbers";
import { translate } from "../../server/i18n";

describe("numbers typed in a locale", () => {
  it.each([
    // locale, typed, value
    ["it", "8,6", 8.6],
    ["it", "1.234,5", 1234.5],
    ["it", "1.234.567", 1234567],
    ["it", "1 234,5", 1234.5],
    ["it", "8.6", 8.6], // a point followed by other than three digits can only be a decimal point
    ["it", "1,234.5", 1234.5], // both separators: the last one is the decimal separator
    ["it", "0,125", 0.125],
    ["it", "-3,5", -3.5],
    ["it", ",5", 0.5],
    ["en", "8.6", 8.6],
    ["en", "1,234.5", 1234.5],
    ["en", "1,234,567", 1234567],
    ["en", "8,6", 8.6],
    ["en", "1.234", 1.234], // the English decimal point
    ["en", "12", 12],
    ["de", "1.234,5", 1234.5],
    ["es", "65,22", 65.22],
    ["pl", "1 234,5", 1234.5],
    ["pl", "1\u00a0234,5", 1234.5], // the no-break space Polish formatting writes
    ["cs", "1\u202f234,5", 1234.5],
  ])("%s: %s is %d", (locale, typed, value) => {
    expect(parseLocaleNumber(typed, locale)).toEqual({ ok: true, value });
  });

  it.each([
    ["it", "1.234", "numbers.ambiguous"],
    ["en", "1,234", "numbers.ambiguous"],
    ["pl", "1.234", "numbers.ambiguous"],
    ["it", "eight", "numbers.notANumber"],
    ["it", "1.23.4", "numbers.notANumber"],
    ["it", "1,2,3", "numbers.notANumber"],
    ["en", "1,23.5", "numbers.notANumber"],
    ["it", "1e5", "numbers.notANumber"],
    ["it", "", "numbers.enterNumber"],
    ["it", ".", "numbers.notANumber"],
    ["en", "Infinity", "numbers.notANumber"],
  ])("%s: %s is refused with %s", (locale, typed, key) => {
    const parsed = parseLocaleNumber(typed, locale);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.key).toBe(key);
  });

  it("names both readings of an ambiguous number, as numbers each language writes its own way", () => {
    const italian = parseLocaleNumber("1.234", "it");
    if (italian.ok) throw new Error("1.234 was accepted in Italian");
    expect(italian.message.values).toEqual({ text: "1.234", grouped: 1234, decimal: 1.234, whole: "1234" });
    expect(translate("it", italian.message)).toBe("«1.234» potrebbe essere 1234 oppure 1,234: scrivi 1234 per il primo, 1,234 per il secondo.");
    const english = parseLocaleNumber("1,234", "en");
    if (english.ok) throw new Error("1,234 was accepted in English");
    expect(translate("en", english.message)).toBe('"1,234" could be 1234 or 1.234: type 1234 for the first, 1.234 for the second.');
    const negative = parseLocaleNumber("-1,234", "en");
    expect(!negative.ok && negative.message.values).toMatchObject({ grouped: -1234, decimal: -1.234, whole: "-1234" });
  });

  it("writes saved numbers for editing without grouping, so that they read back unchanged", () => {
    for (const [locale, value, shown] of [
      ["it", 8.6, "8,6"],
      ["it", 1234.5, "1234,5"],
      ["en-GB", 1234.5, "1234.5"],
      ["de", 12345.25, "12345,25"],
      ["en-GB", 0.125, "0.125"],
    ] as const) {
      expect(formatNumberForInput(value, locale)).toBe(shown);
      expect(parseLocaleNumber(shown, locale)).toEqual({ ok: true, value });
    }
    expect(formatNumberForInput(null, "it")).toBe("");
  });

  it("formats numbers and percentages the locale's way", () => {
    expect(formatNumber(8.6, 2, "it")).toBe("8,6");
    expect(formatNumber(1234.5, 2, "de")).toBe("1.234,5");
    expect(formatNumber(1234.5, 2, "en")).toBe("1,234.5");
    expect(formatPercent(65.22, 2, "it")).toBe("65,22\u00a0%");
    expect(formatPercent(65.22, 2, "en")).toBe("65.22%");
    expect(formatPercent(65.22, 2, "de")).toBe("65,22\u00a0%");
  });
});
