import { useTranslation } from "react-i18next";
import type { IndicatorReferenceFields } from "../../../shared/schemas";

const fields = [
  "definition",
  "dataSource",
  "collectionMethod",
  "collectionFrequency",
  "responsible",
  "meansOfVerification",
] as const satisfies readonly (keyof IndicatorReferenceFields)[];

/**
 * An indicator's reference sheet on the pilot page, folded under its name so the table stays a table, and
 * one line on its evidence by reported period: attached, and expected but missing (docs/decisions/019).
 */
export function ReferenceSheetView({ reference, attachedPeriods, missingPeriods }: { reference: IndicatorReferenceFields; attachedPeriods: number; missingPeriods: number }) {
  const { t } = useTranslation();
  const filled = fields.filter((field) => reference[field].trim() !== "");
  return (
    <>
      {(attachedPeriods > 0 || missingPeriods > 0) && (
        <div className="small evidence-line">
          {attachedPeriods > 0 && <span className="evidence-attached">{t("evidence.perIndicator.attached", { count: attachedPeriods })}</span>}
          {attachedPeriods > 0 && missingPeriods > 0 && " · "}
          {missingPeriods > 0 && <span className="evidence-missing">{t("evidence.perIndicator.missing", { count: missingPeriods })}</span>}
        </div>
      )}
      {filled.length > 0 && (
        <details className="reference-sheet-view small">
          <summary>{t("evidence.reference.heading")}</summary>
          <dl>
            {filled.map((field) => (
              <div key={field}>
                <dt>{t(`evidence.reference.${field}`)}</dt>
                <dd>{reference[field]}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </>
  );
}
