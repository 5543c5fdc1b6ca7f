import type { Cumulation, GoalDirection, LevelAggregation, Measure, ReportingFrequency, Status } from "./domain";
import type { Message } from "./i18n/message";
import { exceedsGoal, paceNeeded, shareInterval, signalMessage, type IntervalSignal, type Signal } from "./signals";

/** One reported period of an indicator, as the signals need it. */
export interface SignalPeriodResult {
  periodSequence: number;
  value: number;
  numerator: number | null;
  denominator: number | null;
}

export interface IndicatorSignalsInput {
  /** `levelAggregation` is required so that no caller reads a mean level as the latest (the pace needed differs). */
  indicator: { measure: Measure; cumulation: Cumulation; goalDirection: GoalDirection; baseline: number; goal: number; unit: string; levelAggregation: LevelAggregation };
  frequency: ReportingFrequency;
  tolerancePercent: number;
  status: Status;
  current: number | null;
  /** The indicator's results up to the date the status is computed at, any order. */
  results: readonly SignalPeriodResult[];
  /** Periods after the latest reported one that can still bring a result (0 once the pilot is over). */
  remainingPeriods: number;
}

export interface IndicatorSignals {
  signals: Signal[];
  /** The interval beside the value, when the indicator has one. */
  interval: IntervalSignal | null;
  messages: Message[];
}

/**
 * Every signal of one indicator, in the order a reader wants them: the interval (how sure the value is),
 * then over-achievement, then the pace still needed. The pilot page, the needs-attention list and the
 * exports all call this, so they say the same thing.
 */
export function indicatorSignals(input: IndicatorSignalsInput): IndicatorSignals {
  const { indicator } = input;
  const ordered = [...input.results].sort((a, b) => a.periodSequence - b.periodSequence);
  const signals: Signal[] = [];
  let interval: IntervalSignal | null = null;
  if (indicator.measure === "percentage" && ordered.length > 0) {
    // Pooled over the periods for shares that add; the latest period's own base for a share to date.
    const basis =
      indicator.cumulation === "to_date"
        ? ordered[ordered.length - 1]!
        : ordered.reduce((sum, r) => ({ numerator: (sum.numerator ?? 0) + (r.numerator ?? 0), denominator: (sum.denominator ?? 0) + (r.denominator ?? 0) }), {
            numerator: 0 as number | null,
            denominator: 0 as number | null,
          });
    if (basis.numerator !== null && basis.denominator !== null && basis.denominator > 0) interval = shareInterval(indicator.goal, basis.numerator, basis.denominator);
    if (interval) signals.push(interval);
  }
  const over = exceedsGoal(indicator, input.current, input.tolerancePercent);
  if (over) signals.push(over);
  const pace = paceNeeded({
    indicator,
    status: input.status,
    current: input.current,
    valuesInOrder: ordered.map((r) => r.value),
    remainingPeriods: input.remainingPeriods,
  });
  if (pace) signals.push(pace);
  return { signals, interval, messages: signals.map((s) => signalMessage(s, indicator, input.frequency)) };
}
