/**
 * The benchmark's reference: the portfolio's status counts computed by ONE raw SQL statement on the same
 * file, with the status rule of docs/decisions/001-status-rule.md written in SQL. It exists only to tell
 * how much the API adds over the database; the product computes the rule in shared/progress.ts.
 */
export const RAW_PORTFOLIO_SQL = `
WITH started AS (
  SELECT pilot_id, max(sequence) AS last_started,
         max(CASE WHEN end_date < @asOf THEN sequence END) AS latest_due,
         max(CASE WHEN end_date < @asOf THEN end_date END) AS due_end
  FROM reporting_periods WHERE start_date <= @asOf GROUP BY pilot_id
),
latest AS (
  SELECT i.id AS indicator_id, i.pilot_id, i.measure, i.cumulation, i.baseline, i.goal, i.goal_direction,
         p.start_date, p.end_date, pr.tolerance_percent, s.latest_due, s.due_end,
         r.value, r.cum_count, r.cum_value, r.cum_weighted_value, r.cum_respondents, r.cum_with_respondents,
         r.cum_numerator, r.cum_denominator, lp.end_date AS latest_end,
         EXISTS (SELECT 1 FROM results d WHERE d.indicator_id = i.id AND d.period_sequence = s.latest_due) AS due_reported
  FROM pilots p
  JOIN projects pr ON pr.id = p.project_id AND pr.archived_at IS NULL
  JOIN indicators i ON i.pilot_id = p.id AND i.archived_at IS NULL
  LEFT JOIN started s ON s.pilot_id = p.id
  LEFT JOIN results r ON r.indicator_id = i.id AND r.period_sequence = (
    SELECT max(r2.period_sequence) FROM results r2 WHERE r2.indicator_id = i.id AND r2.period_sequence <= s.last_started)
  LEFT JOIN reporting_periods lp ON lp.id = r.period_id
  WHERE p.archived_at IS NULL
),
valued AS (
  SELECT *,
    CASE
      WHEN cum_count IS NULL THEN NULL
      WHEN measure = 'count' AND cumulation = 'increments' THEN baseline + cum_value
      WHEN measure = 'count' THEN value
      WHEN measure = 'score' THEN CASE WHEN cum_with_respondents = cum_count AND cum_respondents > 0 THEN cum_weighted_value / cum_respondents ELSE cum_value / cum_count END
      WHEN cumulation = 'to_date' THEN value
      WHEN cum_denominator > 0 THEN 100.0 * cum_numerator / cum_denominator
    END AS current,
    @asOf > end_date AS final,
    CASE WHEN due_end IS NULL THEN latest_end WHEN latest_end IS NULL OR due_end > latest_end THEN due_end ELSE latest_end END AS reference_date
  FROM latest
),
targeted AS (
  SELECT *,
    CASE WHEN measure = 'count' AND NOT final AND reference_date IS NOT NULL
      THEN baseline + (goal - baseline) * min(1.0, (julianday(min(reference_date, end_date)) - julianday(start_date) + 1) / (julianday(end_date) - julianday(start_date) + 1))
      ELSE goal END AS target
  FROM valued
),
judged AS (
  SELECT pilot_id, indicator_id,
    CASE
      WHEN current IS NULL AND latest_due IS NULL THEN 'not_yet_due'
      WHEN current IS NULL OR (latest_due IS NOT NULL AND NOT due_reported) THEN 'not_reported'
      WHEN goal_direction = 'at_least' AND current >= goal THEN 'achieved'
      WHEN goal_direction = 'at_most' AND current <= goal AND (measure <> 'count' OR final) THEN 'achieved'
      WHEN (CASE WHEN goal_direction = 'at_least' THEN target - current ELSE current - target END) <= 0 THEN 'on_track'
      WHEN target <> 0 AND 100.0 * (CASE WHEN goal_direction = 'at_least' THEN target - current ELSE current - target END) / abs(target) <= tolerance_percent THEN 'at_risk'
      ELSE 'underperforming'
    END AS status
  FROM targeted
)
SELECT pilot_id,
  sum(status = 'achieved') AS achieved, sum(status = 'on_track') AS on_track, sum(status = 'at_risk') AS at_risk,
  sum(status = 'underperforming') AS underperforming, sum(status = 'not_reported') AS not_reported, sum(status = 'not_yet_due') AS not_yet_due
FROM judged GROUP BY pilot_id ORDER BY pilot_id`;
