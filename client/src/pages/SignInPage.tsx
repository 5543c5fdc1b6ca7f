import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import { SignedOutShell } from "../components/SignedOutShell";
import { usePageTitle } from "../hooks/usePageTitle";
import { useTRPC } from "../trpc";

export function SignInPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("titles.signIn"));
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const demo = useQuery(trpc.auth.demoAccounts.queryOptions());
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async ({ language }) => {
        // The account's language before the first request as this person; nothing the previous one saw is kept.
        if (language) await i18n.changeLanguage(language);
        queryClient.clear();
        const next = params.get("next");
        // Only a path of this site: never an address somebody put in a link.
        navigate(next?.startsWith("/") && !next.startsWith("//") ? next : "/", { replace: true });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password });
  };
  return (
    <SignedOutShell>
      <form onSubmit={submit} className="card sign-in-form" noValidate>
        <h2>{t("signIn.heading")}</h2>
        <div className="field">
          <label htmlFor="email">{t("signIn.email")}</label>
          <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="password">{t("signIn.password")}</label>
          <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </div>
        {signIn.error && (
          <p className="field-error" role="alert">
            {signIn.error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={signIn.isPending}>
            {signIn.isPending ? t("signIn.submitting") : t("signIn.submit")}
          </button>
        </div>
      </form>
      {demo.data && demo.data.length > 0 && (
        <section className="card demo-accounts" aria-labelledby="demo-heading">
          <h2 id="demo-heading">{t("signIn.demoHeading")}</h2>
          <p className="muted small">{t("signIn.demoNote")}</p>
          {/* Scrolls sideways inside the card on a narrow phone instead of widening the page. */}
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("signIn.columnRole")}</th>
                  <th scope="col">{t("signIn.columnName")}</th>
                  <th scope="col">{t("signIn.columnEmail")}</th>
                  <th scope="col">{t("signIn.columnPassword")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("signIn.columnUse")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {demo.data.map((account) => (
                  <tr key={account.email}>
                    <td>{t(`labels.role.${account.role}`)}</td>
                    <th scope="row">{account.name}</th>
                    <td>{account.email}</td>
                    <td>
                      <code>{account.password}</code>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t("signIn.useAccount", { name: account.name })}
                        onClick={() => {
                          setEmail(account.email);
                          setPassword(account.password ?? "");
                        }}
                      >
                        {t("signIn.use")}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </SignedOutShell>
  );
}
