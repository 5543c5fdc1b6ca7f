import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { MIN_PASSWORD_LENGTH } from "../../../shared/limits";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf, useTRPC } from "../trpc";

/** Where an invitation link opens: the person chooses a password and is signed in, with the role waiting. */
export function InvitationPage() {
  const token = useParams().token ?? "";
  const { t } = useTranslation();
  usePageTitle(t("people.acceptHeading"));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const invitation = useQuery(trpc.invitations.preview.queryOptions({ token }));
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: () => {
        queryClient.clear();
        navigate("/todo", { replace: true });
      },
    }),
  );
  const errors = fieldErrorsOf(accept.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    accept.mutate({ token, password });
  };
  return (
    <main id="main" className="page sign-in-page">
      <div className="sign-in-top">
        <h1>
          <span aria-hidden="true">◆</span> {t("common.appName")}
        </h1>
        <LanguageSwitch />
      </div>
      {invitation.isPending ? (
        <Loading what={t("people.checking")} />
      ) : invitation.isError ? (
        <ErrorMessage error={invitation.error} retry={() => invitation.refetch()} />
      ) : invitation.data === null ? (
        <p className="field-error" role="alert">
          {t("people.invitationInvalid")}
        </p>
      ) : (
        <form onSubmit={submit} className="card sign-in-form" noValidate>
          <h2>{t("people.acceptHeading")}</h2>
          <p>
            {t("people.acceptText", {
              name: invitation.data.name,
              role: t(`labels.role.${invitation.data.role}`),
              pilot: invitation.data.pilotTitle ?? "",
              email: invitation.data.email,
            })}
          </p>
          <div className="field">
            <label htmlFor="invitation-password">{t("people.password")}</label>
            <input
              id="invitation-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby="invitation-password-hint invitation-password-error"
              aria-invalid={errors.password ? "true" : undefined}
            />
            <p id="invitation-password-hint" className="muted small">
              {t("people.passwordHint", { minimum: MIN_PASSWORD_LENGTH })}
            </p>
            <p id="invitation-password-error" className="field-error">
              {errors.password ?? ""}
            </p>
          </div>
          {accept.error && Object.keys(errors).length === 0 && (
            <p className="field-error" role="alert">
              {accept.error.message}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="primary" disabled={accept.isPending}>
              {t("people.accept")}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
