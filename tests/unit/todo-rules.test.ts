import { describe, expect, it } from "vitest";
import { addDays } from "../../shared/dates";
import type { ReviewState } from "../../shared/domain";
import { daysWaiting, MAX_OVERDUE_REMINDERS, periodDuty, REMIND_BEFORE_DAYS, REPORTING_WINDOW_DAYS, reminderStep, reportDeadline } from "../../shared/todo";

const period = { endDate: "2026-03-31" };
const deadline = addDays(period.endDate, REPORTING_WINDOW_DAYS);

describe("what a period asks of its coordinator (shared/todo.ts)", () => {
  it("is due a reporting window after the period ends", () => {
    expect(reportDeadline("2026-03-31")).toBe("2026-04-30");
    expect(reportDeadline("2024-01-31")).toBe("2024-03-01");
  });

  it.each([
    ["2026-03-20", null],
    ["2026-03-24", { kind: "upcoming", deadline, daysLeft: 37 }],
    ["2026-03-31", { kind: "upcoming", deadline, daysLeft: 30 }],
    ["2026-04-01", { kind: "due", deadline, daysLeft: 29 }],
    ["2026-04-30", { kind: "due", deadline, daysLeft: 0 }],
    ["2026-05-01", { kind: "overdue", deadline, daysLate: 1 }],
    ["2026-06-01", { kind: "overdue", deadline, daysLate: 32 }],
  ] as const)("on %s: %j", (today, duty) => {
    expect(periodDuty(period, "draft", today)).toEqual(duty);
  });

  it.each<[ReviewState, boolean]>([
    ["draft", true],
    ["returned", true],
    ["submitted", false],
    ["approved", false],
  ])("a %s report is owed: %s", (state, owed) => {
    expect(periodDuty(period, state, "2026-05-10") !== null).toBe(owed);
    expect(reminderStep(period, state, "2026-05-10") !== null).toBe(owed);
  });
});

describe("the reminder schedule", () => {
  const stepOn = (today: string) => reminderStep(period, "draft", today);

  it("is silent until a week before the deadline, then 'due soon' until the deadline", () => {
    expect(stepOn(addDays(deadline, -REMIND_BEFORE_DAYS - 1))).toBeNull();
    expect(stepOn(addDays(deadline, -REMIND_BEFORE_DAYS))).toBe("dueSoon");
    expect(stepOn(deadline)).toBe("dueSoon");
  });

  it("says 'overdue' the day after, then once a week, each week its own step", () => {
    const steps = Array.from({ length: 21 }, (_, i) => stepOn(addDays(deadline, i + 1)));
    expect(steps.slice(0, 7)).toEqual(Array(7).fill("overdue:0"));
    expect(steps.slice(7, 14)).toEqual(Array(7).fill("overdue:1"));
    expect(steps[14]).toBe("overdue:2");
  });

  it("a run after days of downtime finds the current step, not the ones it missed", () => {
    expect(stepOn(addDays(deadline, 20))).toBe("overdue:2");
  });

  it("stops after the last weekly reminder", () => {
    expect(stepOn(addDays(deadline, MAX_OVERDUE_REMINDERS * 7))).toBe(`overdue:${MAX_OVERDUE_REMINDERS - 1}`);
    expect(stepOn(addDays(deadline, MAX_OVERDUE_REMINDERS * 7 + 1))).toBeNull();
  });

  it("counts how long a submission has waited in whole days", () => {
    expect(daysWaiting("2026-05-01T16:00:00.000Z", "2026-05-01")).toBe(0);
    expect(daysWaiting("2026-05-01T16:00:00.000Z", "2026-05-04")).toBe(3);
  });
});
