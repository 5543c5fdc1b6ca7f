import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import type { AppDatabase } from "../../db/client";
import type { Clock } from "../../shared/clock";
import { processClock } from "../clock";
import { logger } from "../logger";
import type { Mailer } from "./mailer";
import { gatherDigests } from "./digests";
import { DEFAULT_REVIEW_REMINDER_HOURS, enqueueAwaitingReview, enqueueReminders } from "./reminders";
import { enqueueWeeklySummaries } from "./weeklySummary";
import { sendPendingNotices } from "./sender";

export interface NoticeScheduler {
  /** One daily run (reminders, weekly summaries, digests) and one sending round now: what the cron jobs do, for start-up and tests. */
  tick(): Promise<{ enqueued: number; sent: number; failed: number }>;
  stop(): void;
}

/**
 * Two in-process jobs (croner): the reminder run every morning, and the outbox sent every minute. The
 * days come from the injectable clock, not croner's: tests move the clock and call `tick()`. A start runs
 * one tick at once, so a server that was down at 07:00 still sends the day's reminders; the outbox's keys
 * make that safe to repeat.
 */
export function startNoticeScheduler(options: {
  db: AppDatabase;
  mailer: Mailer;
  publicUrl: string;
  clock?: () => Clock;
  /** Cron patterns; defaults: reminders at 07:00, the outbox every minute. */
  remindersAt?: string;
  sendEvery?: string;
  runAtStart?: boolean;
  /** A submitted report waiting longer than this reminds its managers (default 48). */
  reviewReminderHours?: number;
}): NoticeScheduler {
  const clock = options.clock ?? processClock;
  const senderId = randomUUID();
  let sending: Promise<{ sent: number; failed: number }> | null = null;
  // One sending round at a time in this process; other processes are kept apart by the claim.
  const send = () => (sending ??= sendPendingNotices(options.db, options.mailer, { senderId, publicUrl: options.publicUrl }).finally(() => (sending = null)));
  // Reminders and summaries first, so that a digest chosen for them gathers today's in today's digest.
  const remind = () => {
    const today = clock();
    return (
      enqueueReminders(options.db, today) +
      enqueueAwaitingReview(options.db, today, options.reviewReminderHours ?? DEFAULT_REVIEW_REMINDER_HOURS) +
      enqueueWeeklySummaries(options.db, today) +
      gatherDigests(options.db, today, "daily") +
      gatherDigests(options.db, today, "weekly")
    );
  };
  const tick = async () => {
    const enqueued = remind();
    const { sent, failed } = await send();
    return { enqueued, sent, failed };
  };
  const onError = (error: unknown) => logger.error({ err: error }, "notice job failed");
  const jobs = [
    new Cron(options.remindersAt ?? "0 7 * * *", { catch: onError, protect: true }, () => void tick().catch(onError)),
    new Cron(options.sendEvery ?? "* * * * *", { catch: onError, protect: true }, () => void send().catch(onError)),
  ];
  if (options.runAtStart ?? true) void tick().catch(onError);
  return {
    tick,
    stop: () => {
      for (const job of jobs) job.stop();
      options.mailer.close();
    },
  };
}
