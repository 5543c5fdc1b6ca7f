import type { z } from "zod";
import { messageOfIssue } from "../../shared/i18n/translateIssue";
import { formattingLocaleOf } from "../../shared/i18n/languages";
import { parseLocaleNumber } from "../../shared/numbers";
import { currentLanguage, i18n } from "./i18n";

/** Runs a shared zod schema in the browser and returns the first message per field, in the page's language. */
export function validate<T extends z.ZodType>(schema: T, values: unknown): { ok: true; data: z.infer<T> } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  // Schema messages are catalogue keys (shared/schemas.ts), translated here as on the server.
  const t = i18n.t as unknown as (key: string, values?: object) => string;
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join(".");
    const message = messageOfIssue(issue);
    errors[key] ??= t(message.key, message.values ?? {});
  }
  return { ok: false, errors };
}

/**
 * A number typed in a form the way the page's language writes it ("1.234,5" in Italian, "1,234.5" in
 * English); blank gives `blank`, a non-number or an ambiguous one gives NaN so the schema reports it.
 */
export function numberFromText(text: string, blank: number | null | undefined = undefined, locale = formattingLocaleOf(currentLanguage())): number | null | undefined {
  if (text.trim() === "") return blank;
  const parsed = parseLocaleNumber(text, locale);
  return parsed.ok ? parsed.value : Number.NaN;
}
