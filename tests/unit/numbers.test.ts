import { describe, expect, it } from "vitest";
import { parseDecimalInput } from "../../shared/numbers";

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
    ["", "Enter a number."],
    ["eight", "is not a number"],
    ["8,6,1", "more than one separator"],
    ["1.234,5", "more than one separator"],
    ["1e308", "is not a number"],
    ["Infinity", "is not a number"],
    ["NaN", "is not a number"],
    ["8,", "is not a number"],
  ])("%s is refused with a message", (text, message) => {
    const parsed = parseDecimalInput(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});
