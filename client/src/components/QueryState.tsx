import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorCodeOf } from "../trpc";
import type { ReactNode } from "react";

/** `what` is already in the reader's language: "the users", "gli utenti". */
export function Loading({ what }: { what: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("common.loading", { what })}
    </p>
  );
}

export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t } = useTranslation();
  // The server's messages arrive in the reader's language already.
  const message = error instanceof Error ? error.message : t("shell.somethingWentWrong");
  // Asking again does not change a refusal or bring back something that is not there.
  const final = ["FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED"].includes(errorCodeOf(error) ?? "");
  return (
    <div className="error-box" role="alert">
      <p>{message}</p>
      {final && <Link to="/">{t("shell.backToPortfolio")}</Link>}
      {retry && !final && (
        <button type="button" onClick={retry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
