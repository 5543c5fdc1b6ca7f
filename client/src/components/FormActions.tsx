import { useTranslation } from "react-i18next";
import { errorCodeOf } from "../trpc";

/** The end of a set-up form: the server's refusal if any, then save and cancel. */
export function FormActions({ error, saving, submitLabel, onCancel }: { error: { message: string } | null; saving: boolean; submitLabel: string; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      {error && (
        <p className="field-error" role="alert">
          {error.message}
          {errorCodeOf(error) === "CONFLICT" && ` ${t("shell.reloadForCurrentValues")}`}
        </p>
      )}
      <button type="submit" className="primary" disabled={saving}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </div>
  );
}
