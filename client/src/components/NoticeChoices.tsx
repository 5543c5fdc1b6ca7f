import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ChoosableNoticeKind, Delivery } from "../../../shared/noticePreferences";
import { fieldErrorsOf, useTRPC } from "../trpc";
import { ErrorMessage, Loading } from "./QueryState";

/** The account page's e-mail choices: for each kind of notice, at once, a daily or weekly digest, or never. */
export function NoticeChoices() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const preferences = useQuery(trpc.notices.preferences.queryOptions());
  const [edited, setEdited] = useState<Partial<Record<ChoosableNoticeKind, Delivery>>>({});
  const save = useMutation(
    trpc.notices.setPreferences.mutationOptions({
      onSuccess: async () => {
        setEdited({});
        await queryClient.invalidateQueries({ queryKey: trpc.notices.preferences.queryKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(save.error);
  if (preferences.isPending) return <Loading what={t("notices.loading")} />;
  if (preferences.isError) return <ErrorMessage error={preferences.error} retry={() => preferences.refetch()} />;
  const rows = preferences.data;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ choices: rows.map((row) => ({ kind: row.kind, delivery: edited[row.kind] ?? row.delivery })) });
  };
  const deliveryLabel = (kind: ChoosableNoticeKind, delivery: Delivery) =>
    kind === "weeklySummary" && (delivery === "weekly" || delivery === "never") ? t(`notices.weeklySummaryDelivery.${delivery}`) : t(`notices.delivery.${delivery}`);
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="notices-heading">
      <h2 id="notices-heading">{t("notices.heading")}</h2>
      <p id="notices-intro" className="muted small">
        {t("notices.intro")}
      </p>
      {rows.map((row, index) => (
        <div className="field" key={row.kind}>
          <label htmlFor={`notice-${row.kind}`}>{t(`notices.kind.${row.kind}`)}</label>
          <select
            id={`notice-${row.kind}`}
            value={edited[row.kind] ?? row.delivery}
            onChange={(e) => setEdited({ ...edited, [row.kind]: e.target.value as Delivery })}
            aria-describedby={`notice-${row.kind}-error`}
            aria-invalid={errors[`choices.${index}.delivery`] ? "true" : undefined}
          >
            {row.allowed.map((delivery) => (
              <option key={delivery} value={delivery}>
                {deliveryLabel(row.kind, delivery)}
              </option>
            ))}
          </select>
          <p id={`notice-${row.kind}-error`} className="field-error">
            {errors[`choices.${index}.delivery`] ?? ""}
          </p>
        </div>
      ))}
      {save.error && Object.keys(errors).length === 0 && (
        <p className="field-error" role="alert">
          {save.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t("notices.save")}
        </button>
        <span role="status">{save.isSuccess && Object.keys(edited).length === 0 ? t("notices.saved") : ""}</span>
      </div>
    </form>
  );
}
