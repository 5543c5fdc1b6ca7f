import type { InputHTMLAttributes } from "react";
import { type Control, type FieldValues, type Path, type UseFormRegisterReturn, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { readNumber } from "../../../shared/numberReader";
import { useFormatters } from "../i18n/useFormatters";
import { FormField } from "./FormField";

/**
 * A number field of a set-up form: while the person types, it says the number it reads, written the
 * page's language's way ("Read as 2,500" for English "2500" or "2,500"), or why it is not a number there,
 * by the same rule the form saves with (shared/numberReader.ts, docs/decisions/004). A mistaken habit
 * ("2.500" meant as 2500 on an English page) shows at once, before saving.
 */
export function NumberInput<T extends FieldValues>({
  id,
  label,
  error,
  control,
  name,
  registration,
  hint,
  ...inputProps
}: {
  id: string;
  label: string;
  error?: string | undefined;
  control: Control<T>;
  name: Path<T>;
  registration: UseFormRegisterReturn;
  /** What the field means; the reading is said before it. */
  hint?: string | undefined;
} & InputHTMLAttributes<HTMLInputElement>) {
  const { t } = useTranslation();
  const f = useFormatters();
  const raw = useWatch({ control, name });
  const text = typeof raw === "string" ? raw : raw == null ? "" : String(raw);
  const reading = text.trim() === "" ? null : readNumber(text, f.locale);
  const echo = reading === null ? undefined : reading.ok ? t("numbers.readAs", { value: f.number(reading.value, 6) }) : f.message(reading.message);
  const said = [echo, hint].filter(Boolean).join(" ") || undefined;
  return <FormField id={id} label={label} error={error} hint={said} registration={registration} inputMode="decimal" {...inputProps} />;
}
