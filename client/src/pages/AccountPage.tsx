import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ApiTokens } from "../components/ApiTokens";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { NoticeChoices } from "../components/NoticeChoices";
import { PasswordForm } from "../components/PasswordForm";
import { Loading } from "../components/QueryState";
import { describeRoles, useMe } from "../hooks/useMe";
import { usePageTitle } from "../hooks/usePageTitle";
import { returnToBrowserLanguage } from "../i18n";
import { useTRPC } from "../trpc";

export function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t("titles.account"));
  const me = useMe().data;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSuccess: async () => {
        queryClient.clear();
        navigate("/sign-in");
        // The next person starts in this browser's language, not this account's (once the account is forgotten,
        // or the shell would put the account's language back).
        await returnToBrowserLanguage();
      },
    }),
  );
  if (!me) return <Loading what={t("nav.loadingAccount")} />;
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
      <NoticeChoices />
      <PasswordForm />
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
