import { and, count, eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { refreshCumulativeTotals } from "../../db/cumulativeTotals";
import { communicationActivities, indicators, pilots, projects, reportingPeriods, reportSections, results, stakeholderPeriods, stakeholders } from "../../db/schema";
import { loadRegisterEntries } from "../../db/stakeholderRegister";
import { registerShare } from "../../shared/stakeholders";
import { seedDemoAccounts } from "./demoAccounts";
import { addDays, addMonths, type IsoDate } from "../../shared/dates";
import { reportSectionKeys, type Cumulation, type GoalDirection, type IndicatorKind, type Measure, type StakeholderType } from "../../shared/domain";
import { generateReportingPeriods } from "../../shared/periods";
import luserna from "./luserna-san-giovanni-final-report.json" with { type: "json" };
import lusernaNarrative from "./luserna-final-report-narrative.json" with { type: "json" };

/*
 * Demo data: the real Luserna San Giovanni final report (Arrival Regions, D.T2.5.2) as one whole-pilot
 * period, and a clearly labelled fictional pilot half-way through, whose dates follow the day the demo is
 * loaded so that it always has four reported quarters, an underperforming and an at-risk indicator, and one
 * indicator that is on track today but likely to miss its goal by the end.
 */

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

interface IndicatorSeed {
  code?: string;
  name: string;
  kind: IndicatorKind;
  measure: Measure;
  cumulation?: Cumulation;
  unit?: string;
  goal: number;
  goalDirection?: GoalDirection;
  goalText?: string;
  scaleMin?: number;
  scaleMax?: number;
  fromStakeholderRegister?: boolean;
  /** The kinds of docs/decisions/001 beyond the original three; absent: as before. */
  kinds?: Partial<Pick<typeof indicators.$inferInsert, "levelAggregation" | "entryForm" | "wholeNumbers" | "delivery" | "milestoneShape" | "milestones">>;
  /** One entry per period in order; null = not reported. */
  results: ({ value?: number; respondents?: number | null; numerator?: number; denominator?: number; comment?: string } | null)[];
}

/**
 * When a demo result was entered: some days after its period ended, but by the day before the demo is loaded
 * at the latest (the injectable clock's today): a comment dated in the future reads as a mistake.
 */
export function enteredAfter(periodEnd: IsoDate, days: number, today: IsoDate): string {
  const wanted = addDays(periodEnd, days);
  const latest = addDays(today, -1);
  // ISO dates compare as text (Math.min would read them as NaN).
  const day = [wanted, latest].sort()[0];
  return `${day}T09:30:00.000Z`;
}

function insertPilotWithData(
  tx: Transaction,
  pilot: typeof pilots.$inferInsert,
  indicatorSeeds: IndicatorSeed[],
  entry: (periodEnd: IsoDate) => { enteredBy: string; enteredAt: string },
): number {
  const { id: pilotId } = tx.insert(pilots).values(pilot).returning({ id: pilots.id }).get();
  const periods = generateReportingPeriods(pilot.startDate, pilot.endDate, pilot.reportingFrequency).map((p) =>
    tx
      .insert(reportingPeriods)
      .values({ pilotId, ...p })
      .returning()
      .get(),
  );
  indicatorSeeds.forEach((seed, index) => {
    const { id: indicatorId } = tx
      .insert(indicators)
      .values({
        pilotId,
        code: seed.code ?? null,
        name: seed.name,
        kind: seed.kind,
        measure: seed.measure,
        cumulation: seed.cumulation ?? (seed.measure === "percentage" ? "to_date" : "increments"),
        unit: seed.unit ?? "",
        goal: seed.goal,
        goalDirection: seed.goalDirection ?? "at_least",
        goalText: seed.goalText ?? "",
        scaleMin: seed.scaleMin ?? null,
        scaleMax: seed.scaleMax ?? null,
        fromStakeholderRegister: seed.fromStakeholderRegister ?? false,
        ...seed.kinds,
        displayOrder: index + 1,
      })
      .returning({ id: indicators.id })
      .get();
    seed.results.forEach((result, periodIndex) => {
      const period = periods[periodIndex];
      if (!result || !period) return;
      const value = result.numerator !== undefined && result.denominator !== undefined ? (100 * result.numerator) / result.denominator : result.value!;
      tx.insert(results)
        .values({
          indicatorId,
          periodId: period.id,
          pilotId,
          periodSequence: period.sequence,
          value,
          respondents: result.respondents ?? null,
          numerator: result.numerator ?? null,
          denominator: result.denominator ?? null,
          comment: result.comment ?? "",
          ...entry(period.endDate),
        })
        .run();
    });
  });
  return pilotId;
}

/** Codes shared by both demo pilots, so cross-pilot comparisons have something to compare. */
const lusernaCodes: Record<string, string> = {
  "Number of tutoring hours for migrants": "TUT-MIG-H",
  "Number of migrants involved in pilot action activities": "MIG-INV",
  "Number of people informed about the pilot action": "PPL-INF",
  "Migrants' satisfaction by tutoring": "SAT-MIG",
  "Number of organizations whose employees/helpdesk operators received tutoring": "ORG-TUT",
};

function seedLuserna(tx: Transaction): void {
  const project = tx
    .insert(projects)
    .values({ name: luserna.project.name, programme: luserna.project.programme, startDate: luserna.project.start, endDate: luserna.project.end })
    .returning({ id: projects.id })
    .get();
  const quantitative: IndicatorSeed[] = luserna.quantitativeIndicators.map((row) => ({
    code: lusernaCodes[row.name],
    name: row.name,
    kind: "quantitative",
    measure: "count",
    // Organizations are counted once however many periods they appear in: the value is a total to date.
    cumulation: row.unit === "organizations" ? "to_date" : "increments",
    unit: row.unit,
    goal: row.goal,
    results: [{ value: row.result, comment: row.comment }],
  }));
  const qualitative: IndicatorSeed[] = luserna.qualitativeIndicators.map((row) =>
    row.measure === "percentage"
      ? {
          name: row.name,
          kind: "qualitative",
          measure: "percentage",
          cumulation: "to_date",
          unit: "% of mapped stakeholders",
          goal: row.goal,
          goalText: row.goalText,
          // 65.22 % of the mapped stakeholders: 15 of 23, computed from the (illustrative) register below.
          fromStakeholderRegister: true,
          results: [],
        }
      : {
          code: lusernaCodes[row.name],
          name: row.name,
          kind: "qualitative",
          measure: "score",
          unit: "average grade",
          goal: row.goal,
          goalText: row.goalText,
          scaleMin: row.scaleMin,
          scaleMax: row.scaleMax,
          // The report gives the average grade but not how many people answered.
          results: [{ value: row.result, respondents: null, comment: row.comment }],
        },
  );
  const pilotId = insertPilotWithData(
    tx,
    {
      projectId: project.id,
      title: `${luserna.pilot.title} (${luserna.pilot.localName})`,
      partnerOrganisation: luserna.pilot.partner,
      location: luserna.pilot.location,
      country: luserna.pilot.country,
      startDate: luserna.pilot.start,
      endDate: luserna.pilot.end,
      reportingFrequency: "whole_pilot",
      description: `Results from the pilot final report of ${luserna.pilot.reportDate}. ${luserna.pilot.dateNote}`,
    },
    [...quantitative, ...qualitative],
    () => ({ enteredBy: "Pilot final report D.T2.5.2", enteredAt: `${luserna.pilot.reportDate}T12:00:00.000Z` }),
  );
  seedLusernaReport(tx, pilotId);
  const involvement = luserna.qualitativeIndicators.find((row) => row.measure === "percentage")!;
  seedLusernaRegister(tx, pilotId, { enteredBy: "Pilot final report D.T2.5.2", enteredAt: `${luserna.pilot.reportDate}T12:00:00.000Z`, comment: involvement.comment });
}

const ILLUSTRATIVE = "Illustrative entry: the final report gives only the share (65.22 %), not the organisations. Name invented for the demo.";

/**
 * The register behind Luserna's "Level of stakeholders' involvement": 23 mapped stakeholders, 15 involved
 * and planning to continue (65.22 %). The organisations are invented and labelled as such.
 */
const lusernaStakeholders: { organisation: string; type: StakeholderType; involved: boolean; plansToContinue: boolean }[] = [
  { organisation: "Municipal social services (illustrative)", type: "public_body", involved: true, plansToContinue: true },
  { organisation: "Municipal registry office (illustrative)", type: "public_body", involved: true, plansToContinue: true },
  { organisation: "Local employment centre (illustrative)", type: "public_body", involved: true, plansToContinue: true },
  { organisation: "Local health authority helpdesk (illustrative)", type: "public_body", involved: true, plansToContinue: true },
  { organisation: "Union of mountain municipalities (illustrative)", type: "public_body", involved: true, plansToContinue: false },
  { organisation: "Prefecture immigration desk (illustrative)", type: "public_body", involved: false, plansToContinue: false },
  { organisation: "Diaconal social cooperative (illustrative)", type: "ngo", involved: true, plansToContinue: true },
  { organisation: "Parish charity centre (illustrative)", type: "ngo", involved: true, plansToContinue: true },
  { organisation: "Volunteer language school (illustrative)", type: "ngo", involved: true, plansToContinue: true },
  { organisation: "Legal aid association (illustrative)", type: "ngo", involved: false, plansToContinue: false },
  { organisation: "Women's support network (illustrative)", type: "ngo", involved: true, plansToContinue: false },
  { organisation: "Valley agricultural cooperative (illustrative)", type: "employer", involved: true, plansToContinue: true },
  { organisation: "Hotel and restaurant association (illustrative)", type: "employer", involved: true, plansToContinue: false },
  { organisation: "Work integration social enterprise (illustrative)", type: "employer", involved: true, plansToContinue: true },
  { organisation: "Craftsmen's association (illustrative)", type: "employer", involved: false, plansToContinue: false },
  { organisation: "Adult education centre (illustrative)", type: "school", involved: true, plansToContinue: true },
  { organisation: "Valley secondary school (illustrative)", type: "school", involved: true, plansToContinue: false },
  { organisation: "Primary school institute (illustrative)", type: "school", involved: true, plansToContinue: true },
  { organisation: "Moroccan community association (illustrative)", type: "migrant_association", involved: true, plansToContinue: true },
  { organisation: "West African cultural association (illustrative)", type: "migrant_association", involved: true, plansToContinue: true },
  { organisation: "Romanian community association (illustrative)", type: "migrant_association", involved: false, plansToContinue: false },
  { organisation: "Community hall committee (illustrative)", type: "other", involved: true, plansToContinue: true },
  { organisation: "Public library (illustrative)", type: "other", involved: true, plansToContinue: true },
];

function seedLusernaRegister(tx: Transaction, pilotId: number, author: { enteredBy: string; enteredAt: string; comment: string }): void {
  const periods = tx.select({ id: reportingPeriods.id }).from(reportingPeriods).where(eq(reportingPeriods.pilotId, pilotId)).all();
  for (const s of lusernaStakeholders) {
    const { id: stakeholderId } = tx
      .insert(stakeholders)
      .values({ pilotId, organisation: s.organisation, type: s.type, contact: "Illustrative: no real contact", notes: ILLUSTRATIVE })
      .returning({ id: stakeholders.id })
      .get();
    for (const period of periods) {
      tx.insert(stakeholderPeriods)
        .values({ stakeholderId, periodId: period.id, involved: s.involved, plansToContinue: s.plansToContinue, enteredBy: author.enteredBy, enteredAt: author.enteredAt })
        .run();
    }
  }
  // Demo data is loaded, not entered by a person: the linked indicator's results are stored as the
  // register's share (the rule in shared/stakeholders.ts) without going through the write path's checks.
  const linked = tx
    .select({ id: indicators.id })
    .from(indicators)
    .where(and(eq(indicators.pilotId, pilotId), eq(indicators.fromStakeholderRegister, true)))
    .all();
  const entries = loadRegisterEntries(tx, pilotId);
  for (const period of periods) {
    const share = registerShare(entries.filter((e) => e.periodId === period.id));
    if (share.percentage === null) continue;
    const sequence = tx.select({ sequence: reportingPeriods.sequence }).from(reportingPeriods).where(eq(reportingPeriods.id, period.id)).get()!.sequence;
    for (const indicator of linked)
      tx.insert(results)
        .values({
          indicatorId: indicator.id,
          periodId: period.id,
          pilotId,
          periodSequence: sequence,
          value: share.percentage,
          numerator: share.numerator,
          denominator: share.denominator,
          comment: author.comment,
          enteredBy: author.enteredBy,
          enteredAt: author.enteredAt,
        })
        .run();
  }
  refreshCumulativeTotals(
    tx,
    linked.map((i) => i.id),
  );
}

/** The narrative sections and the communication log of the same final report, so the report page is complete. */
function seedLusernaReport(tx: Transaction, pilotId: number): void {
  const updatedBy = "Pilot final report D.T2.5.2";
  for (const key of reportSectionKeys) {
    tx.insert(reportSections).values({ pilotId, sectionKey: key, contentHtml: lusernaNarrative.sections[key], updatedBy }).run();
  }
  for (const activity of luserna.communicationActivities) {
    tx.insert(communicationActivities)
      .values({ pilotId, title: activity.title, date: activity.date, outletType: activity.outlet.includes("social") ? "web" : "newspaper", outletName: activity.outlet })
      .run();
  }
}

/**
 * The fictional pilot's dates on the day the demo is loaded: from the first of the month a year ago, for
 * two years, so that four quarters are due and reported and the fifth is running on any day of any month
 * (docs/decisions/012-clock-and-demo-dates.md).
 */
export function fictionalPilotSpan(today: IsoDate): { startDate: IsoDate; endDate: IsoDate } {
  const startDate = addMonths(`${today.slice(0, 7)}-01`, -12);
  return { startDate, endDate: addDays(addMonths(startDate, 24), -1) };
}

/** The language-course hours reported in the fictional pilot's four quarters: on track today, likely to miss. */
export const FICTIONAL_LANGUAGE_HOURS = { goal: 480, quarters: [150, 60, 25, 15] } as const;

function seedFictionalPilot(tx: Transaction, today: IsoDate): void {
  const { startDate: start, endDate: end } = fictionalPilotSpan(today);
  const project = tx
    .insert(projects)
    .values({
      name: "Rural Welcome Network (fictional demo)",
      programme: "Fictional demo programme: invented figures for trying the app",
      startDate: start,
      endDate: end,
      isFictional: true,
    })
    .returning({ id: projects.id })
    .get();
  const late = "Two partner municipalities joined three months late, so outreach in their valleys only started in the second quarter.";
  insertPilotWithData(
    tx,
    {
      projectId: project.id,
      title: "[Fictional] Valley Welcome Desk",
      partnerOrganisation: "Val Fiorita Community Cooperative (fictional)",
      location: "Val Fiorita (fictional)",
      country: "AT",
      startDate: start,
      endDate: end,
      reportingFrequency: "quarterly",
      coordinatorName: "Maria Rossi (fictional)",
      coordinatorEmail: "maria.rossi@example.org",
      description: "A fictional pilot, half-way through, to show every chart and status. None of its figures are real.",
      isFictional: true,
    },
    [
      {
        // On track today (250 of the 240 hours due by half-way), but front-loaded: its trend ends near 390 of 480
        // (389 to 391 with the lengths of the months the pilot spans), so the early warning flags it "likely
        // to miss" (docs/decisions/005-early-warning.md, 012-clock-and-demo-dates.md).
        code: "LANG-H",
        name: "Hours of language courses delivered",
        kind: "quantitative",
        measure: "count",
        unit: "hours",
        goal: FICTIONAL_LANGUAGE_HOURS.goal,
        results: [
          { value: FICTIONAL_LANGUAGE_HOURS.quarters[0], comment: "An intensive start-up course, funded by one municipality, ran every weekday." },
          { value: FICTIONAL_LANGUAGE_HOURS.quarters[1] },
          { value: FICTIONAL_LANGUAGE_HOURS.quarters[2], comment: "One of the two teachers left in the summer." },
          { value: FICTIONAL_LANGUAGE_HOURS.quarters[3], comment: "Only one evening course a week until a second teacher is found." },
        ],
      },
      {
        code: "MIG-INV",
        name: "Number of migrants involved in pilot action activities",
        kind: "quantitative",
        measure: "count",
        unit: "people",
        goal: 200,
        results: [
          { value: 20, comment: late },
          { value: 25, comment: "Catching up after the late start; a second info day is planned in the new municipalities." },
          { value: 15, comment: "Summer: seasonal farm work left many participants without time for activities." },
          { value: 20, comment: "Recovering slowly. The bus line to the desk was cut in September; we asked the region for a shuttle." },
        ],
      },
      {
        name: "Volunteers trained as welcome buddies",
        kind: "quantitative",
        measure: "count",
        unit: "people",
        goal: 40,
        results: [
          { value: 4, comment: "The training module was ready one month later than planned." },
          { value: 5, comment: "Slightly behind the plan; a third course is scheduled." },
          { value: 5, comment: "Still slightly behind: two volunteers moved away." },
          { value: 5, comment: "One short of the plan; the autumn course is fully booked." },
        ],
      },
      {
        code: "ORG-TUT",
        name: "Organisations cooperating with the desk",
        kind: "quantitative",
        measure: "count",
        cumulation: "to_date",
        unit: "organizations",
        goal: 20,
        results: [{ value: 5 }, { value: 8 }, { value: 10 }, { value: 11 }],
      },
      {
        name: "Complaints about the service",
        kind: "quantitative",
        measure: "count",
        unit: "complaints",
        goal: 12,
        goalDirection: "at_most",
        results: [{ value: 1 }, { value: 1 }, { value: 1 }, { value: 2 }],
      },
      {
        name: "Employers contacted about internships",
        kind: "quantitative",
        measure: "count",
        unit: "employers",
        goal: 60,
        results: [{ value: 8 }, { value: 9 }, { value: 7 }, null],
      },
      {
        code: "PPL-INF",
        name: "Number of people informed about the pilot action",
        kind: "quantitative",
        measure: "count",
        unit: "people",
        goal: 600,
        results: [{ value: 120 }, { value: 180 }, { value: 90 }, { value: 110 }],
      },
      {
        code: "SAT-MIG",
        name: "Participants' satisfaction with the language courses",
        kind: "qualitative",
        measure: "score",
        unit: "average grade",
        goal: 8,
        goalText: "Average grade = 8 (on the scale from 1 to 10)",
        scaleMin: 1,
        scaleMax: 10,
        results: [
          { value: 8.2, respondents: 12 },
          { value: 7.9, respondents: 15, comment: "Evening courses were too crowded; we split the group." },
          { value: 8.4, respondents: 10 },
          { value: 8.1, respondents: 14 },
        ],
      },
      {
        name: "Participants completing the language course",
        kind: "qualitative",
        measure: "percentage",
        cumulation: "to_date",
        unit: "% of enrolled participants",
        goal: 75,
        goalText: "At least 75 % of enrolled participants complete the course",
        results: [
          { numerator: 10, denominator: 14, comment: "Four participants left for seasonal jobs." },
          { numerator: 19, denominator: 27, comment: "Drop-outs again linked to seasonal work; we now offer a Saturday group." },
          { numerator: 28, denominator: 38, comment: "Improving with the Saturday group." },
          { numerator: 40, denominator: 55, comment: "Close to the goal; childcare during lessons would help the mothers who dropped out." },
        ],
      },
    ],
    (periodEnd) => ({ enteredBy: "Maria Rossi (fictional)", enteredAt: enteredAfter(periodEnd, 10, today) }),
  );
}

/**
 * Issue 23's kinds once each, in a project of their own so that the other pilots' stories stay as they are:
 * a monthly pilot with a level, a percentage known only as a percentage, an index on 0–100, milestones and an
 * indicator counted at the end, and a yearly pilot. Invented figures, labelled as such. Dates follow the day
 * the demo is loaded by whole months (docs/decisions/012): six months are due in the monthly pilot and one
 * year in the yearly one on any day, and every indicator is on track, achieved or due at the end, so the
 * "needs attention" list keeps the other pilots' story.
 */
export function kindsShowcaseSpans(today: IsoDate) {
  const month = `${today.slice(0, 7)}-01`;
  const monthlyStart = addMonths(month, -6);
  const yearlyStart = addMonths(month, -12);
  return {
    project: { startDate: yearlyStart, endDate: addDays(addMonths(yearlyStart, 36), -1) },
    monthly: { startDate: monthlyStart, endDate: addDays(addMonths(monthlyStart, 12), -1), milestoneDate: addDays(addMonths(monthlyStart, 6), -1) },
    yearly: { startDate: yearlyStart, endDate: addDays(addMonths(yearlyStart, 36), -1) },
  };
}

function seedKindsShowcase(tx: Transaction, today: IsoDate): void {
  const spans = kindsShowcaseSpans(today);
  const project = tx
    .insert(projects)
    .values({
      name: "Youth Pathways: indicator kinds (fictional demo)",
      programme: "Fictional demo programme: invented figures showing each kind of indicator",
      ...spans.project,
      isFictional: true,
    })
    .returning({ id: projects.id })
    .get();
  const pilot = {
    projectId: project.id,
    partnerOrganisation: "Val Fiorita Community Cooperative (fictional)",
    location: "Val Fiorita (fictional)",
    country: "AT",
    coordinatorName: "Maria Rossi (fictional)",
    coordinatorEmail: "maria.rossi@example.org",
    isFictional: true,
  };
  const entered = (periodEnd: IsoDate) => ({ enteredBy: "Maria Rossi (fictional)", enteredAt: enteredAfter(periodEnd, 5, today) });
  insertPilotWithData(
    tx,
    {
      ...pilot,
      title: "[Fictional] Youth Welcome Hub (monthly)",
      ...{ startDate: spans.monthly.startDate, endDate: spans.monthly.endDate },
      reportingFrequency: "monthly",
      description:
        "A fictional monthly pilot showing a level, a percentage known only as a percentage, an index, milestones and a result counted at the end. Illustrative figures.",
    },
    [
      {
        code: "LVL-VIS",
        name: "Visitors to the help desk per month (illustrative)",
        kind: "quantitative",
        measure: "count",
        cumulation: "level",
        unit: "visitors per month",
        goal: 100,
        kinds: { levelAggregation: "mean", wholeNumbers: true },
        results: [98, 104, 101, 99, 103, 102].map((value) => ({ value })),
      },
      {
        code: "PCT-W",
        name: "Share of women among participants (illustrative)",
        kind: "qualitative",
        measure: "percentage",
        // Each month's share stands for that month's participants: the current result is their mean.
        cumulation: "increments",
        unit: "% of participants",
        goal: 40,
        goalText: "At least 40 % of participants are women (the reports give only the percentage)",
        kinds: { entryForm: "direct_percentage" },
        results: [44, 47, 45, 48, 46, 48].map((value) => ({ value })),
      },
      {
        code: "IDX-POL",
        name: "Local integration policy index, MIPEX-style (illustrative)",
        kind: "qualitative",
        measure: "score",
        unit: "index points",
        goal: 60,
        goalText: "An index of 60 on the 0–100 scale by the end of the pilot",
        scaleMin: 0,
        scaleMax: 100,
        kinds: { entryForm: "index" },
        results: [61, 61, 62, 62, 63, 63].map((value) => ({ value })),
      },
      {
        code: "MIL-MEN",
        name: "Mentors trained (milestone at month 6; illustrative)",
        kind: "quantitative",
        measure: "count",
        unit: "mentors",
        goal: 40,
        kinds: { wholeNumbers: true, delivery: "milestones", milestoneShape: "interpolated", milestones: [{ date: spans.monthly.milestoneDate, target: 20 }] },
        results: [4, 3, 4, 3, 4, 3].map((value) => ({ value })),
      },
      {
        code: "END-STR",
        name: "Joint local integration strategy adopted (counted at the end)",
        kind: "quantitative",
        measure: "count",
        unit: "strategies",
        goal: 1,
        kinds: { wholeNumbers: true, delivery: "at_end" },
        results: [],
      },
    ],
    entered,
  );
  insertPilotWithData(
    tx,
    {
      ...pilot,
      title: "[Fictional] Youth Employer Survey (yearly)",
      ...{ startDate: spans.yearly.startDate, endDate: spans.yearly.endDate },
      reportingFrequency: "yearly",
      description: "A fictional pilot that reports once a year. Illustrative figures.",
    },
    [
      {
        code: "EMP-INT",
        name: "Employers offering internships per year (illustrative)",
        kind: "quantitative",
        measure: "count",
        unit: "employers",
        goal: 30,
        kinds: { wholeNumbers: true },
        results: [{ value: 12, comment: "First year: the survey reached the valley's larger employers first." }],
      },
    ],
    entered,
  );
}

/** Loads the demo data, only into a database that has no project yet. Returns whether it did. */
export function seedDemoDataIfEmpty(db: AppDatabase, today: IsoDate): boolean {
  return db.transaction((tx) => {
    const existing = tx.select({ n: count() }).from(projects).get();
    if ((existing?.n ?? 0) > 0) return false;
    seedLuserna(tx);
    seedFictionalPilot(tx, today);
    seedKindsShowcase(tx, today);
    refreshCumulativeTotals(tx, null);
    seedDemoAccounts(tx);
    return true;
  });
}
