import type { z } from "zod";
import { messageOfIssue } from "../../shared/i18n/translateIssue";
import { parseDecimalInput } from "../../shared/numbers";
import { i18n } from "./i18n";

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

/** A number typed in a form ("8,6" or "8.6"); blank gives `blank`, a non-number gives NaN so the schema reports it. */
export function numberFromText(text: string, blank: number | null | undefined = undefined): number | null | undefined {
  if (text.trim() === "") return blank;
  const parsed = parseDecimalInput(text);
  return parsed.ok ? parsed.value : Number.NaN;
}
