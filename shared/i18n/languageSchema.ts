import { z } from "zod";

/* Apart from languages.ts, which the first page loads: the client has no use for the schema, and zod is a large part of a first page. */

/** A language code as the catalogues name them: "en", "it", "sl"... */
export const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}$/, { message: "validation.language" });

export const setLanguageInput = z.strictObject({ language: languageCode });
