import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { indicatorReferenceFields, type IndicatorReferenceFields } from "../../../shared/schemas";
import { validate } from "../formErrors";
import { useTRPC } from "../trpc";

const fields = [
  "definition",
  "dataSource",
  "collectionMethod",
  "collectionFrequency",
  "responsible",
  "meansOfVerification",
] as const satisfies readonly (keyof IndicatorReferenceFields)[];
const long = new Set<string>(["definition", "meansOfVerification"]);

/** An indicator's reference sheet, folded under its summary on the set-up page: a manager fills it once. */
export function ReferenceSheet({ indicatorId, indicatorName }: { indicatorId: number; indicatorName: string }) {
  const { t } = useTranslation();
  return (
    <details className="reference-sheet">
      <summary>{t("evidence.reference.of", { indicator: indicatorName })}</summary>
      <ReferenceSheetForm indicatorId={indicatorId} />
    </details>
  );
}

function ReferenceSheetForm({ indicatorId }: { indicatorId: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const sheet = useQuery(trpc.evidence.reference.queryOptions({ indicatorId }));
  const [values, setValues] = useState<Partial<IndicatorReferenceFields>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.evidence.saveReference.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        setValues({});
        return queryClient.invalidateQueries({ queryKey: trpc.evidence.pathKey() });
      },
    }),
  );
  if (!sheet.data) return null;
  const current = (field: (typeof fields)[number]) => values[field] ?? sheet.data[field];
  return (
    <form
      noValidate
      className="reference-sheet-form"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved(false);
        const checked = validate(indicatorReferenceFields, Object.fromEntries(fields.map((field) => [field, current(field)])));
        setErrors(checked.ok ? {} : checked.errors);
        if (checked.ok) save.mutate({ indicatorId, version: sheet.data.version, fields: checked.data });
      }}
    >
      <p className="muted small">{t("evidence.reference.intro")}</p>
      {fields.map((field) => {
        const fieldId = `${id}-${field}`;
        const props = {
          id: fieldId,
          value: current(field),
          "aria-invalid": errors[field] ? ("true" as const) : undefined,
          "aria-describedby": `${fieldId}-error`,
          onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value })),
        };
        return (
          <div className="field" key={field}>
            <label htmlFor={fieldId}>{t(`evidence.reference.${field}`)}</label>
            {long.has(field) ? <textarea rows={2} {...props} /> : <input {...props} />}
            <p id={`${fieldId}-error`} className="field-error">
              {errors[field]}
            </p>
          </div>
        );
      })}
      {save.error && (
        <p className="field-error" role="alert">
          {save.error.message}
        </p>
      )}
      {saved && (
        <p className="success" role="status">
          {t("evidence.reference.saved")}
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        {t("evidence.reference.save")}
      </button>
    </form>
  );
}
