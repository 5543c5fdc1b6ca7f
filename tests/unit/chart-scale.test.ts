import { describe, expect, it } from "vitest";
import { countTicks } from "../../shared/chartScale";

describe("count axis ticks", () => {
  it.each([
    [0, [0, 1]],
    [1, [0, 1]],
    [3, [0, 1, 2, 3]],
    [5, [0, 1, 2, 3, 4, 5]],
    [7, [0, 2, 4, 6, 8]],
    [11, [0, 5, 10, 15]],
    [20, [0, 5, 10, 15, 20]],
    [23, [0, 5, 10, 15, 20, 25]],
    [99, [0, 20, 40, 60, 80, 100]],
    [1000, [0, 200, 400, 600, 800, 1000]],
    [2.5, [0, 1, 2, 3]],
  ])("up to %d: %j", (max, ticks) => {
    expect(countTicks(max)).toEqual(ticks);
  });

  it("always reaches the largest count, in whole steps", () => {
    for (let max = 0; max <= 2000; max += 7) {
      const ticks = countTicks(max);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.length).toBeLessThanOrEqual(12);
    }
  });
});
