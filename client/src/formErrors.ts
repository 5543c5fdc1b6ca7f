import type { z } from "zod";
import { parseDecimalInput } from "../../shared/numbers";

/** Runs a shared zod schema in the browser and returns the first message per field. */
export function validate<T extends z.ZodType>(schema: T, values: unknown): { ok: true; data: z.infer<T> } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join(".");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** A number typed in a form ("8,6" or "8.6"); blank gives `blank`, a non-number gives NaN so the schema reports it. */
export function numberFromText(text: string, blank: number | null | undefined = undefined): number | null | undefined {
  if (text.trim() === "") return blank;
  const parsed = parseDecimalInput(text);
  return parsed.ok ? parsed.value : Number.NaN;
}
