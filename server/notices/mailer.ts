import nodemailer from "nodemailer";
import type { RenderedMail } from "./messages";
import { DEFAULT_REVIEW_REMINDER_HOURS } from "./reminders";

const positiveNumber = (setting: string | undefined) => (setting && Number(setting) > 0 ? Number(setting) : undefined);

/** Where e-mail goes: one SMTP server. `SMTP_URL` unset means no e-mail at all (README, "E-mail"). */
export interface MailSettings {
  /** e.g. smtp://user:pass@mail.example.org:587 or smtps://…:465 */
  smtpUrl: string;
  /** The sender, e.g. "Pilot Monitor <monitor@example.org>". */
  from: string;
  /** The address people open links at, e.g. https://monitor.example.org */
  publicUrl: string;
  /** A report submitted longer ago than this reminds its managers (`REVIEW_REMINDER_HOURS`, default 48). */
  reviewReminderHours: number;
}

export function mailSettingsFrom(env: NodeJS.ProcessEnv, port: number): MailSettings | null {
  if (!env.SMTP_URL) return null;
  return {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM ?? "Pilot Monitor <pilot-monitor@localhost>",
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    reviewReminderHours: positiveNumber(env.REVIEW_REMINDER_HOURS) ?? DEFAULT_REVIEW_REMINDER_HOURS,
  };
}

export interface Mailer {
  send(to: string, mail: RenderedMail): Promise<void>;
  close(): void;
}

export function createMailer(settings: Pick<MailSettings, "smtpUrl" | "from">): Mailer {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    async send(to, mail) {
      await transport.sendMail({ from: settings.from, to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
    },
    close: () => transport.close(),
  };
}
