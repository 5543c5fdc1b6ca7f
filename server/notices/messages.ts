import type { Message } from "../../shared/i18n/message";
import { translate, translatorFor } from "../i18n";
import type { NoticeKind } from "./outbox";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** Extra header lines (List-Unsubscribe, RFC 8058). */
  headers?: Record<string, string>;
}

export type NoticePayload = Record<string, unknown> & { path: string };

/** One notice gathered into a digest: its kind and the values its own message needs. */
export interface DigestItem {
  kind: NoticeKind;
  payload: NoticePayload;
}

/** A line of the managers' weekly summary: a report that changed state in the week. */
export interface SummaryChange {
  pilot: string;
  period: number;
  state: string;
  date: string;
  path: string;
}

/** A line of the weekly summary's early warning, as the shared projection and pace rules word it. */
export interface SummaryWarning {
  pilot: string;
  indicator: string;
  projection: Message;
  pace: Message | null;
  path: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const paragraphsOf = (body: string) =>
  body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
type Translate = (key: string, values?: object) => string;
const translator = (language: string) => translatorFor(language) as unknown as Translate;
const linkTo = (path: unknown, publicUrl: string) => new URL(String(path), publicUrl).toString();

/**
 * The frame every e-mail shares: the body, the link to the page, and the footer with the one-click
 * unsubscribe link when the mail is one a person may turn off (RFC 8058 headers beside it).
 */
function framed(language: string, subject: string, text: string, html: string, link: string | null, unsubscribeUrl: string | null): RenderedMail {
  const t = translator(language);
  const open = t("mail.openLink");
  const footer = t("mail.footer");
  const stop = unsubscribeUrl ? t("mail.unsubscribe") : null;
  const plain = `${text}${link ? `\n\n${open}: ${link}` : ""}\n\n-- \n${footer}${stop ? `\n${stop}: ${unsubscribeUrl}` : ""}\n`;
  const rich = `<!doctype html><html lang="${escapeHtml(language)}"><body>${html}${link ? `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>` : ""}<hr><p><small>${escapeHtml(footer)}${
    stop ? `<br><a href="${escapeHtml(unsubscribeUrl!)}">${escapeHtml(stop)}</a>` : ""
  }</small></p></body></html>`;
  const headers = unsubscribeUrl ? { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : undefined;
  return { subject, text: plain, html: rich, headers };
}

function subjectAndBody(kind: NoticeKind, language: string, payload: NoticePayload, publicUrl: string) {
  const t = translator(language);
  const values = { ...payload, link: linkTo(payload.path, publicUrl) };
  return { subject: t(`mail.${kind}.subject`, values), body: t(`mail.${kind}.body`, values), link: values.link };
}

/**
 * One notice as an e-mail in the recipient's language: plain text and the same in simple HTML, with the
 * link to the page where the thing is done. The catalogues hold the words (mail.*).
 */
export function renderNotice(kind: NoticeKind, language: string, payload: NoticePayload, publicUrl: string, unsubscribeUrl: string | null = null): RenderedMail {
  if (kind === "digest") return renderDigest(language, payload as NoticePayload & { cadence: string; items: DigestItem[] }, publicUrl, unsubscribeUrl);
  if (kind === "weeklySummary")
    return renderWeeklySummary(language, payload as NoticePayload & { weekStart: string; changes: SummaryChange[]; warnings: SummaryWarning[] }, publicUrl, unsubscribeUrl);
  const { subject, body, link } = subjectAndBody(kind, language, payload, publicUrl);
  return framed(language, subject, body, paragraphsOf(body), link, unsubscribeUrl);
}

/** The notices a person chose to receive together: each one's subject, body and link, in the order they arose. */
function renderDigest(language: string, payload: NoticePayload & { cadence: string; items: DigestItem[] }, publicUrl: string, unsubscribeUrl: string | null): RenderedMail {
  const t = translator(language);
  const items = payload.items.map((item) => subjectAndBody(item.kind, language, item.payload, publicUrl));
  const subject = t(`mail.digest.subject_${payload.cadence}`, { count: items.length });
  const intro = t(`mail.digest.intro_${payload.cadence}`, { count: items.length });
  const text = [intro, ...items.map((i) => `* ${i.subject}\n${i.body}\n${i.link}`)].join("\n\n");
  const html = `<p>${escapeHtml(intro)}</p>${items.map((i) => `<h2>${escapeHtml(i.subject)}</h2>${paragraphsOf(i.body)}<p><a href="${escapeHtml(i.link)}">${escapeHtml(i.link)}</a></p>`).join("")}`;
  return framed(language, subject, text, html, linkTo(payload.path, publicUrl), unsubscribeUrl);
}

/** A manager's week: the reports of their pilots that changed state, then the indicators likely to miss their goal. */
function renderWeeklySummary(
  language: string,
  payload: NoticePayload & { weekStart: string; changes: SummaryChange[]; warnings: SummaryWarning[] },
  publicUrl: string,
  unsubscribeUrl: string | null,
): RenderedMail {
  const t = translator(language);
  const subject = t("mail.weeklySummary.subject", { weekStart: payload.weekStart });
  const changes = payload.changes.map((c) => ({
    line: t("mail.weeklySummary.change", { ...c, state: t(`labels.reviewState.${c.state}`) }),
    link: linkTo(c.path, publicUrl),
  }));
  const warnings = payload.warnings.map((w) => ({
    line:
      t("mail.weeklySummary.warning", { pilot: w.pilot, indicator: w.indicator, projection: translate(language, w.projection) }) +
      (w.pace ? ` ${translate(language, w.pace)}` : ""),
    link: linkTo(w.path, publicUrl),
  }));
  const sections = [
    { heading: t("mail.weeklySummary.changesHeading"), empty: t("mail.weeklySummary.noChanges"), lines: changes },
    { heading: t("mail.weeklySummary.warningsHeading"), empty: t("mail.weeklySummary.noWarnings"), lines: warnings },
  ];
  const text = sections.map((s) => `${s.heading}\n${s.lines.length ? s.lines.map((l) => `* ${l.line}\n  ${l.link}`).join("\n") : s.empty}`).join("\n\n");
  const html = sections
    .map(
      (s) =>
        `<h2>${escapeHtml(s.heading)}</h2>${
          s.lines.length ? `<ul>${s.lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.line)}</a></li>`).join("")}</ul>` : `<p>${escapeHtml(s.empty)}</p>`
        }`,
    )
    .join("");
  return framed(language, subject, text, html, linkTo(payload.path, publicUrl), unsubscribeUrl);
}
