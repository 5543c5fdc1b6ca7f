import { describe, expect, it } from "vitest";
import { chartBackground, chartInk, seriesColours, statusColours } from "../../shared/chartPalette";

/**
 * The chart colours stay apart for colour-blind readers and stand out from the page. Colour-blind vision is
 * simulated with the full-severity matrices of Machado, Oliveira and Fernandes (2009) in linear RGB, and
 * colours are compared by their CIELAB distance (ΔE*ab: about 2 is just noticeable, 10 clearly different).
 */
type Rgb = [number, number, number];
const MATRICES: Record<string, number[][]> = {
  "normal vision": [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3089],
  ],
};

function linearRgb(hex: string): Rgb {
  const channel = (offset: number) => {
    const c = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return [channel(1), channel(3), channel(5)];
}

function simulate(rgb: Rgb, matrix: number[][]): Rgb {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return matrix.map((row) => clamp(row[0]! * rgb[0] + row[1]! * rgb[1] + row[2]! * rgb[2])) as Rgb;
}

function lab([r, g, b]: Rgb): Rgb {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** WCAG relative luminance contrast. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = linearRgb(hex);
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function closestPair(colours: Record<string, string>, matrix: number[][]): { pair: string; deltaE: number } {
  const entries = Object.entries(colours);
  let closest = { pair: "", deltaE: Infinity };
  for (const [i, [nameA, a]] of entries.entries())
    for (const [nameB, b] of entries.slice(i + 1)) {
      const deltaE = distance(lab(simulate(linearRgb(a), matrix)), lab(simulate(linearRgb(b), matrix)));
      if (deltaE < closest.deltaE) closest = { pair: `${nameA}/${nameB}`, deltaE };
    }
  return closest;
}

describe("chart palette", () => {
  for (const [vision, matrix] of Object.entries(MATRICES)) {
    it(`keeps every two statuses clearly apart with ${vision}`, () => {
      expect(closestPair(statusColours, matrix).deltaE).toBeGreaterThan(10);
    });
    it(`keeps the indicator chart's lines apart with ${vision}`, () => {
      expect(closestPair(seriesColours, matrix).deltaE).toBeGreaterThan(10);
    });
  }

  it("tells a real colour clash from a safe pair: red and green merge for deuteranopes", () => {
    // The test's own check: a palette known to fail must fail.
    expect(closestPair({ red: "#D62728", green: "#2CA02C" }, MATRICES.deuteranopia!).deltaE).toBeLessThan(10);
    expect(closestPair({ red: "#D62728", green: "#2CA02C" }, MATRICES["normal vision"]!).deltaE).toBeGreaterThan(10);
  });

  it("draws lines, and the outline round every bar, at 3:1 or more against the page (WCAG 1.4.11)", () => {
    for (const colour of Object.values(seriesColours)) expect(contrast(colour, chartBackground)).toBeGreaterThanOrEqual(3);
    // Light bars (orange, greys) fall short on their own; the outline carries the contrast, and figures are written in it.
    expect(contrast(chartInk, chartBackground)).toBeGreaterThanOrEqual(4.5);
  });
});
