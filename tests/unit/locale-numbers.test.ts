import { describe, expect, it } from "vitest";
import { formatNumber, formatNumberForInput, formatPercent, parseLocaleNumber } from "../../shared/numbers";
import { translate } from "../../server/i18n";

describe("numbers typed in a locale", () => {
  it.each([
    // locale, typed, value: each language's marks mean what they mean there
    ["it", "8,6", 8.6],
    ["it", "2.500", 2500],
    ["it", "9.000", 9000],
    ["it", "2,5", 2.5],
    ["it", "12.345,5", 12345.5],
    ["it", "1.234.567", 1234567],
    ["it", "1 234,5", 1234.5],
    ["it", "0,125", 0.125],
    ["it", "-3,5", -3.5],
    ["it", ",5", 0.5],
    ["es", "2.500", 2500],
    ["es", "65,22", 65.22],
    ["de", "2.500", 2500],
    ["de", "1.234,5", 1234.5],
    ["en", "2,500", 2500],
    ["en", "2.5", 2.5],
    ["en", "2.500", 2.5],
    ["en", "1,234.5", 1234.5],
    ["en", "1,234,567", 1234567],
    ["en", "12", 12],
    ["en-GB", "1,000,000,000,000", 1e12],
    ["pl", "1 234,5", 1234.5],
    ["pl", "1\u00a0234,5", 1234.5], // the no-break space Polish formatting writes
    ["cs", "1\u202f234,5", 1234.5],
  ])("%s: %s is %d", (locale, typed, value) => {
    expect(parseLocaleNumber(typed, locale)).toEqual({ ok: true, value });
  });

  it.each([
    ["it", "8.6", "numbers.badGroupingMeant"], // a grouping mark before other than three digits
    ["it", "1.23.4", "numbers.badGrouping"],
    ["it", "1,234.5", "numbers.badGrouping"], // English habits in Italian: refused, not guessed
    ["it", "1,2,3", "numbers.twoDecimalMarks"],
    ["en", "8,6", "numbers.badGroupingMeant"],
    ["en", "1,23.5", "numbers.badGrouping"],
    ["en", "1.2.3", "numbers.twoDecimalMarks"],
    ["de", "1,5.000", "numbers.badGrouping"], // a grouping mark among the decimals
    ["it", "eight", "numbers.notANumber"],
    ["it", "1e5", "numbers.notANumber"],
    ["it", "", "numbers.enterNumber"],
    ["it", ".", "numbers.notANumber"],
    ["it", ",", "numbers.notANumber"],
    ["en", "Infinity", "numbers.notANumber"],
  ])("%s: %s is refused with %s", (locale, typed, key) => {
    const parsed = parseLocaleNumber(typed, locale);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.key).toBe(key);
  });

  it("says how the language reads numbers, and the number probably meant", () => {
    const italian = parseLocaleNumber("8.6", "it");
    if (italian.ok) throw new Error("8.6 was accepted in Italian");
    expect(translate("it", italian.message)).toBe("«8.6» non è un numero: «.» separa le migliaia a gruppi di tre cifre, «,» i decimali, come in 12.345,5. Intendevi 8,6?");
    const english = parseLocaleNumber("2,5", "en");
    if (english.ok) throw new Error("2,5 was accepted in English");
    expect(translate("en", english.message)).toBe('"2,5" is not a number here: "," groups thousands in threes, "." marks the decimals, as in 12,345.5. Did you mean 2.5?');
    const twice = parseLocaleNumber("1,2,3", "de");
    expect(!twice.ok && translate("de", twice.message)).toBe(
      "„1,2,3“ enthält das Dezimalzeichen „,“ mehr als einmal. Hier schreibt man Zahlen wie 12.345,5: „.“ trennt Tausender, „,“ die Dezimalstellen.",
    );
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
