import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { MIN_PASSWORD_LENGTH } from "../../../shared/schemas";
import { ApiTokens } from "../components/ApiTokens";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { Loading } from "../components/QueryState";
import { describeRoles, useMe } from "../hooks/useMe";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("titles.account"));
  const me = useMe().data;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNew("");
      },
    }),
  );
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate("/sign-in");
      },
    }),
  );
  if (!me) return <Loading what={t("nav.loadingAccount")} />;
  const errors = fieldErrorsOf(change.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  return (
    <>
      <div className="page-heading">
        <h1>{t("account.heading")}</h1>
        <dl className="facts">
          <div>
            <dt>{t("account.name")}</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>{t("account.email")}</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>{t("account.roles")}</dt>
            <dd>{describeRoles(me.memberships, t) || t("account.noRoles")}</dd>
          </div>
        </dl>
      </div>
      <section className="card" aria-labelledby="language-heading">
        <h2 id="language-heading">{t("account.languageHeading")}</h2>
        <LanguageSwitch describedBy="language-hint" />
        <p id="language-hint" className="muted small">
          {t("account.languageHint")}
        </p>
      </section>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="password-heading">
        <h2 id="password-heading">{t("account.passwordHeading")}</h2>
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
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("account.sessionsHeading")}</h2>
        <p>{t("account.sessionsText")}</p>
        <button type="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>
          {t("account.signOutEverywhere")}
        </button>
      </section>
      <ApiTokens />
    </>
  );
}
