import type { z } from "zod";
import type { Message, MessageValues } from "./message";

/**
 * The schemas in shared/schemas.ts write catalogue keys as their messages ("validation.tooLong"); the
 * values a message names come from the issue itself (its maximum, minimum) or from a custom issue's params.
 * zod's own messages (wrong type, unknown key) are not keys: they become "validation.invalid".
 */
export function messageOfIssue(issue: z.core.$ZodIssue): Message {
  const values: MessageValues = {};
  const raw = issue as unknown as Record<string, unknown>;
  for (const name of ["maximum", "minimum"] as const) {
    const value = raw[name];
    if (typeof value === "number" || typeof value === "bigint") values[name] = Number(value);
  }
  const params = raw.params;
  if (params && typeof params === "object") {
    for (const [name, value] of Object.entries(params)) if (typeof value === "string" || typeof value === "number") values[name] = value;
  }
  const key = issue.message.startsWith("validation.") ? issue.message : "validation.invalid";
  return { key, values };
}
