/**
 * Fills a separate database with programme-scale data for the benchmark:
 *   npm run seed:scale -- --pilots 1000 [--db ./data/scale.sqlite]
 * Pilots are grouped in projects of 20 (1,000 pilots = 50 projects); every pilot has 20 indicators of
 * mixed measures and 36 monthly periods, all reported: 1,000 pilots give 720,000 results. Results below
 * their expected progress carry a comment, as the app requires.
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase, type AppDatabase } from "../../db/client";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { generateReportingPeriods } from "../../shared/periods";

export const SCALE_PILOT_START = "2023-12-01";
export const SCALE_PILOT_END = "2026-11-30";
const PILOTS_PER_PROJECT = 20;
const INDICATORS_PER_PILOT = 20;

/** Deterministic pseudo-random numbers, so two runs build the same data. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface IndicatorTemplate {
  name: string;
  measure: "count" | "score" | "percentage";
  cumulation: "increments" | "to_date";
  unit: string;
  goal: number;
}

const templates: IndicatorTemplate[] = [
  { name: "Tutoring hours for helpdesk operators", measure: "count", cumulation: "increments", unit: "hours", goal: 720 },
  { name: "Organisations whose staff received tutoring", measure: "count", cumulation: "to_date", unit: "organizations", goal: 30 },
  { name: "Tutoring hours for migrants", measure: "count", cumulation: "increments", unit: "hours", goal: 540 },
  { name: "Migrants involved in activities", measure: "count", cumulation: "increments", unit: "people", goal: 360 },
  { name: "Satisfaction with tutoring", measure: "score", cumulation: "increments", unit: "average grade", goal: 8 },
  { name: "Stakeholders actively involved", measure: "percentage", cumulation: "to_date", unit: "% of mapped stakeholders", goal: 60 },
  { name: "Intercultural mediation hours", measure: "count", cumulation: "increments", unit: "hours", goal: 400 },
  { name: "People informed about the pilot", measure: "count", cumulation: "increments", unit: "people", goal: 1800 },
  { name: "Participants completing the course", measure: "percentage", cumulation: "increments", unit: "% of enrolled", goal: 75 },
  { name: "Satisfaction with mediation", measure: "score", cumulation: "increments", unit: "average grade", goal: 8 },
];

export function seedScaleData(db: AppDatabase, pilotCount: number, seed = 42): { pilots: number; indicators: number; results: number } {
  const random = generator(seed);
  const sqlite = db.$client;
  const periods = generateReportingPeriods(SCALE_PILOT_START, SCALE_PILOT_END, "monthly");
  const insertProject = sqlite.prepare("INSERT INTO projects (name, programme, start_date, end_date) VALUES (?, ?, ?, ?)");
  const insertPilot = sqlite.prepare(
    "INSERT INTO pilots (project_id, title, partner_organisation, location, country, start_date, end_date, reporting_frequency, coordinator_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'monthly', ?)",
  );
  const insertPeriod = sqlite.prepare("INSERT INTO reporting_periods (pilot_id, sequence, start_date, end_date) VALUES (?, ?, ?, ?)");
  const insertIndicator = sqlite.prepare(
    "INSERT INTO indicators (pilot_id, code, name, kind, measure, cumulation, unit, goal, scale_min, scale_max, display_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertResult = sqlite.prepare(
    "INSERT INTO results (indicator_id, period_id, pilot_id, period_sequence, value, respondents, numerator, denominator, comment, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'Scale generator', ?)",
  );
  const countries = ["IT", "AT", "SI", "DE", "PL", "HR", "CZ", "HU"];
  let resultCount = 0;
  sqlite.transaction(() => {
    let projectId = 0;
    for (let p = 0; p < pilotCount; p++) {
      if (p % PILOTS_PER_PROJECT === 0) {
        projectId = Number(insertProject.run(`Scale project ${p / PILOTS_PER_PROJECT + 1}`, "Generated for the benchmark", "2023-01-01", "2027-12-31").lastInsertRowid);
      }
      const pilotId = Number(
        insertPilot.run(
          projectId,
          `Scale pilot ${p + 1}`,
          `Partner ${p + 1}`,
          `Town ${p + 1}`,
          countries[p % countries.length],
          SCALE_PILOT_START,
          SCALE_PILOT_END,
          `Coordinator ${p + 1}`,
        ).lastInsertRowid,
      );
      const periodIds = periods.map((period) => Number(insertPeriod.run(pilotId, period.sequence, period.startDate, period.endDate).lastInsertRowid));
      // Some pilots run behind: their activity level is below the pace their goals need.
      const pace = 0.7 + random() * 0.5;
      for (let i = 0; i < INDICATORS_PER_PILOT; i++) {
        const template = templates[i % templates.length]!;
        const indicatorId = Number(
          insertIndicator.run(
            pilotId,
            `IND-${i + 1}`,
            `${template.name} (${Math.floor(i / templates.length) + 1})`,
            template.measure === "count" ? "quantitative" : "qualitative",
            template.measure,
            template.cumulation,
            template.unit,
            template.goal,
            template.measure === "score" ? 1 : null,
            template.measure === "score" ? 10 : null,
            i + 1,
          ).lastInsertRowid,
        );
        let runningTotal = 0;
        periods.forEach((period, index) => {
          let value: number;
          let respondents: number | null = null;
          let numerator: number | null = null;
          let denominator: number | null = null;
          if (template.measure === "count") {
            const increment = Math.round((template.goal / periods.length) * pace * (0.5 + random()));
            runningTotal += template.cumulation === "to_date" ? (random() < 0.3 ? 1 : 0) : increment;
            value = template.cumulation === "to_date" ? Math.min(runningTotal + Math.round(pace * 10), template.goal * 2) : increment;
          } else if (template.measure === "score") {
            value = Math.round((6 + random() * 4 * pace) * 10) / 10;
            respondents = 5 + Math.floor(random() * 30);
          } else {
            denominator = 10 + Math.floor(random() * 40);
            numerator = Math.min(denominator, Math.round(denominator * (0.45 + random() * 0.4 * pace)));
            value = (100 * numerator) / denominator;
          }
          const behind = pace < 0.85;
          const comment = behind ? `Period ${index + 1}: activity below plan; the partner reports fewer referrals than expected.` : "";
          insertResult.run(indicatorId, periodIds[index], pilotId, period.sequence, value, respondents, numerator, denominator, comment, `${period.endDate}T12:00:00.000Z`);
          resultCount++;
        });
      }
    }
    refreshCumulativeTotals(db, null);
  })();
  return { pilots: pilotCount, indicators: pilotCount * INDICATORS_PER_PILOT, results: resultCount };
}

function main() {
  const { values } = parseArgs({ options: { pilots: { type: "string", default: "1000" }, db: { type: "string", default: "./data/scale.sqlite" } } });
  const pilotCount = Number(values.pilots);
  if (!Number.isInteger(pilotCount) || pilotCount < 1) throw new Error("--pilots must be a positive whole number");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${values.db}${suffix}`, { force: true });
  const started = performance.now();
  const db = openDatabase(values.db!);
  const counts = seedScaleData(db, pilotCount);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.exec("ANALYZE");
  db.$client.close();
  console.log(`${values.db}: ${counts.pilots} pilots, ${counts.indicators} indicators, ${counts.results} results in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) main();
