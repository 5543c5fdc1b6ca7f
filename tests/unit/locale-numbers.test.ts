import { describe, expect, it } from "vitest";
import { formatNumber, formatPercent, parseLocaleNumber } from "../../shared/numbers";

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
    ["it", "1.234", /could be 1234 or 1,234/],
    ["en", "1,234", /could be 1,234 or 1.234/],
    ["pl", "1.234", /could be/],
    ["it", "eight", /is not a number/],
    ["it", "1.23.4", /is not a number/],
    ["it", "1,2,3", /is not a number/],
    ["en", "1,23.5", /is not a number/],
    ["it", "1e5", /is not a number/],
    ["it", "", /Enter a number/],
    ["it", ".", /is not a number/],
    ["en", "Infinity", /is not a number/],
  ])("%s: %s is refused", (locale, typed, message) => {
    const parsed = parseLocaleNumber(typed, locale);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it("formats numbers and percentages the locale's way", () => {
    expect(formatNumber(8.6, 2, "it")).toBe("8,6");
    expect(formatNumber(1234.5, 2, "de")).toBe("1.234,5");
    expect(formatNumber(1234.5, 2, "en")).toBe("1,234.5");
    expect(formatPercent(65.22, 2, "it")).toBe("65,22%");
    expect(formatPercent(65.22, 2, "en")).toBe("65.22%");
    expect(formatPercent(65.22, 2, "de")).toBe("65,22\u00a0%");
  });
});
