import { describe, expect, it } from "vitest";
import { parseDecimalInput } from "../../shared/numbers";
import { translate } from "../../server/i18n";

describe("decimal input", () => {
  it.each([
    ["8,6", 8.6],
    ["8.6", 8.6],
    [" 405 ", 405],
    ["65,22", 65.22],
    [",5", 0.5],
    ["-3", -3],
    ["-0", 0],
    ["1 234", 1234],
  ])("%s is %d", (text, value) => {
    expect(parseDecimalInput(text)).toEqual({ ok: true, value });
  });

  it.each([
    ["", "numbers.enterNumber", "Enter a number."],
    ["eight", "numbers.notANumber", '"eight" is not a number.'],
    ["8,6,1", "numbers.moreThanOneSeparator", "more than one separator"],
    ["1.234,5", "numbers.moreThanOneSeparator", "more than one separator"],
    ["1e308", "numbers.notANumber", "is not a number"],
    ["Infinity", "numbers.notANumber", "is not a number"],
    ["NaN", "numbers.notANumber", "is not a number"],
    ["8,", "numbers.notANumber", "is not a number"],
  ])("%s is refused with a catalogue message", (text, key, english) => {
    const parsed = parseDecimalInput(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message.key).toBe(key);
    expect(translate("en", parsed.message)).toContain(english);
  });

  it("names the refused text in every language", () => {
    const parsed = parseDecimalInput("eight");
    if (parsed.ok) throw new Error("eight was accepted");
    expect(translate("it", parsed.message)).toBe("«eight» non è un numero.");
    expect(translate("de", parsed.message)).toBe("„eight“ ist keine Zahl.");
  });
});
