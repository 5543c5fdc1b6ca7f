import { z } from "zod";

/**
 * How each kind of e-mail reaches a person (docs/decisions/020): at once, gathered into a daily or weekly
 * digest, or not at all. Invitations (and any mail about the account itself) are not a choice: they go at
 * once, whatever the person chose for the rest.
 */
export const deliveries = ["immediately", "daily", "weekly", "never"] as const;
export type Delivery = (typeof deliveries)[number];
export type DigestCadence = "daily" | "weekly";

/** The kinds a person chooses for, with what they may choose and what holds until they do. */
export const choosableNoticeKinds = {
  dueSoon: { allowed: deliveries, byDefault: "immediately" },
  overdue: { allowed: deliveries, byDefault: "immediately" },
  returned: { allowed: deliveries, byDefault: "immediately" },
  approved: { allowed: deliveries, byDefault: "immediately" },
  submitted: { allowed: deliveries, byDefault: "immediately" },
  awaitingReview: { allowed: deliveries, byDefault: "immediately" },
  // The managers' weekly summary is a digest already: sent on its day, or not at all.
  weeklySummary: { allowed: ["weekly", "never"], byDefault: "weekly" },
} as const satisfies Record<string, { allowed: readonly Delivery[]; byDefault: Delivery }>;
export type ChoosableNoticeKind = keyof typeof choosableNoticeKinds;
export const choosableKindList = Object.keys(choosableNoticeKinds) as ChoosableNoticeKind[];

export const isChoosableKind = (kind: string): kind is ChoosableNoticeKind => Object.hasOwn(choosableNoticeKinds, kind);

/** The choice in force: the stored one when it is still allowed, else the kind's default. */
export function deliveryOf(kind: ChoosableNoticeKind, stored: string | undefined): Delivery {
  const rule = choosableNoticeKinds[kind];
  return (rule.allowed as readonly string[]).includes(stored ?? "") ? (stored as Delivery) : rule.byDefault;
}

/**
 * Where a notice of this kind waits under a choice: null = its own e-mail now, a cadence = the next
 * digest of it. The weekly summary's "weekly" is its own e-mail.
 */
export function digestFor(kind: ChoosableNoticeKind, delivery: Delivery): DigestCadence | null {
  if (kind === "weeklySummary" || delivery === "immediately" || delivery === "never") return null;
  return delivery;
}

export const noticePreferencesInput = z
  .object({
    choices: z
      .array(z.object({ kind: z.enum(choosableKindList as [ChoosableNoticeKind, ...ChoosableNoticeKind[]]), delivery: z.enum(deliveries) }).strict())
      .min(1)
      .max(choosableKindList.length),
  })
  .strict();
export type NoticePreferencesInput = z.infer<typeof noticePreferencesInput>;

/**
 * The first day (Monday) of the week a date is in: a weekly digest or summary is named by it, so that
 * it is sent once a week whichever day the first run of the week happens on.
 */
export function weekStartOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - sinceMonday);
  return date.toISOString().slice(0, 10);
}
