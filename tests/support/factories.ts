import type { inferRouterInputs } from "@trpc/server";
import type { AppDatabase } from "../../db/client";
import { addDays, addMonths } from "../../shared/dates";
import type { Role } from "../../shared/domain";
import type { AppRouter } from "../../server/root";
import { callerAs, callerFor, DEMO_TODAY } from "./testDatabase";

type Inputs = inferRouterInputs<AppRouter>;
type PeriodLength = "monthly" | "quarterly" | "half_yearly" | "yearly";
const monthsPer: Record<PeriodLength, number> = { monthly: 1, quarterly: 3, half_yearly: 6, yearly: 12 };

/**
 * Small builders for integration tests: each makes the one thing a test needs, through the routers (so
 * with the same rules and audit lines as the app), with names no other test or the demo data uses. A test
 * says what matters to it ("a pilot with four periods due", "a percentage indicator", "a coordinator of
 * this pilot") instead of finding a demo indicator by its English name.
 *
 *   const make = factories(testDb.db);
 *   const { pilot, current } = await make.pilot({ periodsDue: 4 });
 *   const hours = await make.indicator(pilot.id, { unit: "hours", goal: 480 });
 *   const coordinator = await make.account("pilot_coordinator", { pilotId: pilot.id });
 */
export function factories(db: AppDatabase, today: string = DEMO_TODAY) {
  const admin = callerFor(db, today);
  let made = 0;
  const unique = (what: string) => `${what} ${++made} (test)`;

  async function project(fields: Partial<Inputs["projects"]["create"]> = {}) {
    const input = { name: unique("Project"), programme: "", startDate: addMonths(today, -24), endDate: addMonths(today, 24), tolerancePercent: 15, ...fields };
    const { id } = await admin.projects.create(input);
    return { id, ...input };
  }

  /**
   * A pilot whose periods lie around `today`: `periodsDue` whole periods have ended before today, the next
   * one is running, and `periodsAfter` more follow it. Periods start on the first of a month.
   */
  async function pilot(options: { projectId?: number; frequency?: PeriodLength; periodsDue?: number; periodsAfter?: number; fields?: Partial<Inputs["pilots"]["create"]> } = {}) {
    const frequency = options.frequency ?? "quarterly";
    const step = monthsPer[frequency];
    const periodsDue = options.periodsDue ?? 4;
    const total = periodsDue + 1 + (options.periodsAfter ?? 2);
    const startDate = addMonths(`${today.slice(0, 7)}-01`, -step * periodsDue);
    const endDate = addDays(addMonths(startDate, step * total), -1);
    const projectId = options.projectId ?? (await project()).id;
    const input = {
      projectId,
      title: unique("Pilot"),
      partnerOrganisation: "",
      location: "",
      country: "",
      startDate,
      endDate,
      reportingFrequency: frequency,
      coordinatorName: "",
      coordinatorEmail: "",
      description: "",
      ...options.fields,
    };
    const { id } = await admin.pilots.create(input);
    const { periods } = await admin.pilots.page({ id });
    const current = periods.find((p) => p.startDate <= today && today <= p.endDate);
    if (!current) throw new Error(`The test pilot has no period running on ${today}`);
    return { pilot: { id, ...input }, periods, current, due: periods.filter((p) => p.endDate < today) };
  }

  /** An indicator on the pilot; a count "at least" 100 unless told otherwise. */
  async function indicator(pilotId: number, fields: Partial<Omit<Inputs["indicators"]["create"], "pilotId">> = {}) {
    const input = {
      pilotId,
      code: null,
      name: unique("Indicator"),
      kind: "quantitative",
      measure: "count",
      cumulation: "increments",
      unit: "",
      baseline: 0,
      goal: 100,
      goalDirection: "at_least",
      goalText: "",
      scaleMin: null,
      scaleMax: null,
      ...fields,
    } as const;
    const { id } = await admin.indicators.create(input as Inputs["indicators"]["create"]);
    return { id, ...input };
  }

  /**
   * An account with one role (on a project or a pilot; administrators everywhere) and a caller signed in
   * as it. Its password is generated and not needed: tests call the routers as the account directly.
   */
  async function account(role: Role, scope: { projectId?: number; pilotId?: number } = {}) {
    const name = unique(`A ${role}`);
    const email = `${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ".")
      .replace(/^\.|\.$/g, "")}@example.org`;
    // A password of their own: an account with a generated one may do nothing but change it.
    const { id } = await admin.users.create({ email, name, password: "factory-password" });
    await admin.users.addMembership({ userId: id, role, projectId: scope.projectId ?? null, pilotId: scope.pilotId ?? null });
    return { id, email, name, caller: callerAs(db, email, { today }) };
  }

  return { admin, project, pilot, indicator, account };
}
