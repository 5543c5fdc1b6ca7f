import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { MIN_PASSWORD_LENGTH } from "../../../shared/limits";
import { usePageTitle } from "../hooks/usePageTitle";
import { fieldErrorsOf } from "../trpc";
import { type LinkPreview, OneTimeLinkCheck } from "./OneTimeLinkCheck";
import { SignedOutShell } from "./SignedOutShell";

/** What a one-time link's page says; the two links (invitation, password reset) differ only in these words. */
export interface OneTimeLinkWords {
  heading: string;
  checking: string;
  invalid: string;
  passwordLabel: string;
  submit: string;
}

interface PasswordSave {
  mutate: (input: { token: string; password: string }, options: { onSuccess: () => void }) => void;
  isPending: boolean;
  error: unknown;
}

/**
 * The page a one-time link opens (an invitation or a password reset): the link is checked, the person chooses a
 * password and is signed in. Where they land is their own start page ("/": the to-do page for a coordinator).
 */
export function OneTimeLinkPasswordPage<Preview>({
  token,
  idPrefix,
  words,
  preview,
  introduction,
  save,
}: {
  token: string;
  /** Keeps the field's id unique and stable for the tests and the label. */
  idPrefix: string;
  words: OneTimeLinkWords;
  preview: LinkPreview<Preview>;
  introduction: (preview: Preview) => ReactNode;
  save: PasswordSave;
}) {
  const { t } = useTranslation();
  usePageTitle(words.heading);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [password, setPassword] = useState("");
  const errors = fieldErrorsOf(save.error);
  const fieldId = `${idPrefix}-password`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { token, password },
      {
        onSuccess: () => {
          // The previous person's cached answers must not reach the one now signed in.
          queryClient.clear();
          navigate("/", { replace: true });
        },
      },
    );
  };
  return (
    <SignedOutShell>
      <OneTimeLinkCheck preview={preview} checking={words.checking} invalid={words.invalid}>
        {(checked) => (
          <form onSubmit={submit} className="card sign-in-form" noValidate>
            <h2>{words.heading}</h2>
            <p>{introduction(checked)}</p>
            <div className="field">
              <label htmlFor={fieldId}>{words.passwordLabel}</label>
              <input
                id={fieldId}
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby={`${fieldId}-hint ${fieldId}-error`}
                aria-invalid={errors.password ? "true" : undefined}
              />
              <p id={`${fieldId}-hint`} className="muted small">
                {t("people.passwordHint", { minimum: MIN_PASSWORD_LENGTH })}
              </p>
              <p id={`${fieldId}-error`} className="field-error">
                {errors.password ?? ""}
              </p>
            </div>
            {save.error != null && Object.keys(errors).length === 0 && (
              <p className="field-error" role="alert">
                {save.error instanceof Error ? save.error.message : t("shell.somethingWentWrong")}
              </p>
            )}
            <div className="form-actions">
              <button type="submit" className="primary" disabled={save.isPending}>
                {words.submit}
              </button>
            </div>
          </form>
        )}
      </OneTimeLinkCheck>
    </SignedOutShell>
  );
}
