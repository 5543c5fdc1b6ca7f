import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { MIN_PASSWORD_LENGTH } from "../../../shared/limits";
import { fieldErrorsOf, useTRPC } from "../trpc";

/** Changing one's password: on the account page, and before anything else when it was given by someone else. */
export function PasswordForm({ heading }: { heading?: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: async () => {
        setCurrent("");
        setNew("");
        // The account no longer has to change it: the rest of the app opens.
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
    }),
  );
  const errors = fieldErrorsOf(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">{heading ?? t("account.passwordHeading")}</h2>
      <div className="field">
        <label htmlFor="current-password">{t("account.currentPassword")}</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
          aria-describedby="current-password-error"
        />
        <p id="current-password-error" className="field-error">
          {errors.currentPassword ?? ""}
        </p>
      </div>
      <div className="field">
        <label htmlFor="new-password">{t("account.newPassword")}</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
          aria-describedby="new-password-hint new-password-error"
        />
        <p id="new-password-hint" className="muted small">
          {t("account.newPasswordHint", { minimum: MIN_PASSWORD_LENGTH })}
        </p>
        <p id="new-password-error" className="field-error">
          {errors.newPassword ?? ""}
        </p>
      </div>
      {change.isSuccess && (
        <p className="success" role="status">
          {t("account.passwordChanged")}
        </p>
      )}
      {change.error && Object.keys(errors).length === 0 && (
        <p className="field-error" role="alert">
          {change.error.message}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={change.isPending}>
          {t("account.changePassword")}
        </button>
      </div>
    </form>
  );
}
