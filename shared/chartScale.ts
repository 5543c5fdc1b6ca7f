/**
 * Whole-number ticks for a count axis from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten, about
 * `target` of them, so the grid reads 0, 5, 10, 15 rather than 0, 3.4, 6.8.
 */
export function countTicks(max: number, target = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  const rough = top / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let tick = 0; tick < top + step; tick += step) ticks.push(tick);
  return ticks;
}
