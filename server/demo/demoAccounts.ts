import { and, asc, eq } from "drizzle-orm";
import type { AppDatabase } from "../../db/client";
import { memberships, periodReports, pilots, projects, reportingPeriods, users } from "../../db/schema";
import type { Role } from "../../shared/domain";
import { DEMO_ACCOUNT_COST, generatePassword, hashPasswordSync } from "../services/passwords";

type Transaction = Parameters<Parameters<AppDatabase["transaction"]>[0]>[0];

/** The demo accounts' addresses; their passwords are random, stored for the sign-in page's demo mode. */
export const DEMO_ACCOUNTS = {
  administrator: "ada.admin@demo.example",
  manager: "paolo.manager@demo.example",
  coordinator: "maria.rossi@example.org",
  lusernaCoordinator: "luca.coordinator@demo.example",
  evaluator: "eva.evaluator@demo.example",
} as const;

/**
 * One account per role: a manager and an evaluator of both demo projects, a coordinator for each pilot.
 * The fictional pilot's first three quarters and the Luserna final report are approved; its fourth
 * quarter waits in the manager's queue.
 */
export function seedDemoAccounts(tx: Transaction): void {
  const lusernaPilot = tx.select().from(pilots).where(eq(pilots.isFictional, false)).orderBy(asc(pilots.id)).get()!;
  const fictionalPilot = tx.select().from(pilots).where(eq(pilots.isFictional, true)).orderBy(asc(pilots.id)).get()!;
  const projectIds = tx
    .select({ id: projects.id })
    .from(projects)
    .all()
    .map((p) => p.id);

  const account = (email: string, name: string, grants: { role: Role; projectId?: number; pilotId?: number }[]) => {
    const password = generatePassword();
    const { id } = tx
      .insert(users)
      .values({ email, name, passwordHash: hashPasswordSync(password, DEMO_ACCOUNT_COST), demoPassword: password })
      .returning({ id: users.id })
      .get();
    for (const grant of grants)
      tx.insert(memberships)
        .values({ userId: id, role: grant.role, projectId: grant.projectId ?? null, pilotId: grant.pilotId ?? null })
        .run();
    return id;
  };
  account(DEMO_ACCOUNTS.administrator, "Ada Bianchi (demo administrator)", [{ role: "administrator" }]);
  const managerId = account(
    DEMO_ACCOUNTS.manager,
    "Paolo Conti (demo project manager)",
    projectIds.map((projectId) => ({ role: "project_manager" as const, projectId })),
  );
  account(DEMO_ACCOUNTS.coordinator, "Maria Rossi (fictional)", [{ role: "pilot_coordinator", pilotId: fictionalPilot.id }]);
  account(DEMO_ACCOUNTS.lusernaCoordinator, "Luca Ferri (demo coordinator, Luserna)", [{ role: "pilot_coordinator", pilotId: lusernaPilot.id }]);
  account(
    DEMO_ACCOUNTS.evaluator,
    "Eva Novak (demo evaluator)",
    projectIds.map((projectId) => ({ role: "evaluator" as const, projectId })),
  );

  const review = (pilotId: number, sequence: number, state: "submitted" | "approved", at: string) => {
    const period = tx
      .select()
      .from(reportingPeriods)
      .where(and(eq(reportingPeriods.pilotId, pilotId), eq(reportingPeriods.sequence, sequence)))
      .get()!;
    tx.insert(periodReports).values({ periodId: period.id, pilotId, state, lastTransitionBy: managerId, lastTransitionAt: at, submittedAt: at }).run();
  };
  review(lusernaPilot.id, 1, "approved", `${lusernaPilot.endDate}T12:00:00.000Z`);
  const fictionalPeriods = tx.select().from(reportingPeriods).where(eq(reportingPeriods.pilotId, fictionalPilot.id)).orderBy(asc(reportingPeriods.sequence)).all();
  for (const period of fictionalPeriods.slice(0, 4)) review(fictionalPilot.id, period.sequence, period.sequence < 4 ? "approved" : "submitted", `${period.endDate}T12:00:00.000Z`);
}
