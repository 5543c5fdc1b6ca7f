import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { MIN_PASSWORD_LENGTH } from "../../../shared/limits";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

/** Where a password-reset link opens: the person chooses a new password and is signed in (everywhere else out). */
export function ResetPasswordPage() {
  const token = useParams().token ?? "";
  const { t } = useTranslation();
  usePageTitle(t("people.resetHeading"));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const link = useQuery(trpc.people.resetLinkPreview.queryOptions({ token }));
  const reset = useMutation(
    trpc.people.resetWithLink.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        // "/" is the person's own start page: the to-do page for a coordinator.
        navigate("/", { replace: true });
      },
    }),
  );
  const errors = fieldErrorsOf(reset.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate({ token, password });
  };
  return (
    <main id="main" className="page sign-in-page">
      <div className="sign-in-top">
        <h1>
          <span aria-hidden="true">◆</span> {t("common.appName")}
        </h1>
        <LanguageSwitch />
      </div>
      {link.isPending ? (
        <Loading what={t("people.checkingResetLink")} />
      ) : link.isError ? (
        <ErrorMessage error={link.error} retry={() => link.refetch()} />
      ) : link.data === null ? (
        <p className="field-error" role="alert">
          {t("people.resetLinkInvalid")}
        </p>
      ) : (
        <form onSubmit={submit} className="card sign-in-form" noValidate>
          <h2>{t("people.resetHeading")}</h2>
          <p>{t("people.resetText", { name: link.data.name, email: link.data.email })}</p>
          <div className="field">
            <label htmlFor="reset-password">{t("people.newPassword")}</label>
            <input
              id="reset-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby="reset-password-hint reset-password-error"
              aria-invalid={errors.password ? "true" : undefined}
            />
            <p id="reset-password-hint" className="muted small">
              {t("people.passwordHint", { minimum: MIN_PASSWORD_LENGTH })}
            </p>
            <p id="reset-password-error" className="field-error">
              {errors.password ?? ""}
            </p>
          </div>
          {reset.error && Object.keys(errors).length === 0 && (
            <p className="field-error" role="alert">
              {reset.error.message}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={reset.isPending}>
              {t("people.resetSubmit")}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
