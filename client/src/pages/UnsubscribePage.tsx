import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { OneTimeLinkCheck } from "../components/OneTimeLinkCheck";
import { SignedOutShell } from "../components/SignedOutShell";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

/**
 * Where an e-mail's unsubscribe link opens, signed in or not: it says what would stop and asks to
 * confirm. Opening it changes nothing (mail scanners follow links); the button does.
 */
export function UnsubscribePage() {
  const token = useParams().token ?? "";
  const { t } = useTranslation();
  usePageTitle(t("notices.unsubscribeHeading"));
  const trpc = useTRPC();
  const preview = useQuery(trpc.notices.unsubscribePreview.queryOptions({ token }));
  const confirm = useMutation(trpc.notices.unsubscribe.mutationOptions());
  return (
    <SignedOutShell>
      <OneTimeLinkCheck preview={preview} checking={t("notices.checking")} invalid={t("notices.unsubscribeInvalid")}>
        {(checked) => (
          <section className="card sign-in-form" aria-labelledby="unsubscribe-heading">
            <h2 id="unsubscribe-heading">{t("notices.unsubscribeHeading")}</h2>
            {confirm.isSuccess ? (
              <p role="status">{t("notices.unsubscribed")}</p>
            ) : checked.kinds.length === 0 ? (
              <p>{t("notices.unsubscribeNothing", { name: checked.name, email: checked.email })}</p>
            ) : (
              <>
                <p>{t("notices.unsubscribeText", { name: checked.name, email: checked.email })}</p>
                <ul>
                  {checked.kinds.map((kind) => (
                    <li key={kind}>{t(`notices.kind.${kind}`)}</li>
                  ))}
                </ul>
                {confirm.error && (
                  <p className="field-error" role="alert">
                    {confirm.error.message}
                  </p>
                )}
                <div className="form-actions">
                  <button type="button" className="primary" onClick={() => confirm.mutate({ token })} disabled={confirm.isPending}>
                    {t("notices.unsubscribeConfirm")}
                  </button>
                </div>
              </>
            )}
          </section>
        )}
      </OneTimeLinkCheck>
    </SignedOutShell>
  );
}
