import { translatorFor } from "../i18n";
import type { NoticeKind } from "./outbox";

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * One notice as an e-mail in the recipient's language: plain text and the same in simple HTML, with the
 * link to the page where the thing is done. The catalogues hold the words (mail.*).
 */
export function renderNotice(kind: NoticeKind, language: string, payload: Record<string, string | number>, publicUrl: string): RenderedMail {
  const t = translatorFor(language) as unknown as (key: string, values?: object) => string;
  const link = new URL(String(payload.path), publicUrl).toString();
  const values = { ...payload, link };
  const subject = t(`mail.${kind}.subject`, values);
  const body = t(`mail.${kind}.body`, values);
  const open = t("mail.openLink");
  const footer = t("mail.footer");
  const text = `${body}\n\n${open}: ${link}\n\n-- \n${footer}\n`;
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("");
  const html = `<!doctype html><html lang="${escapeHtml(language)}"><body>${paragraphs}<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p><hr><p><small>${escapeHtml(footer)}</small></p></body></html>`;
  return { subject, text, html };
}
