import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { tokenLifetimes, type TokenScope, tokenScopes } from "../../../shared/apiTokens";
import { useFormatters } from "../i18n/useFormatters";
import { fieldErrorsOf, useTRPC } from "../trpc";
import { ErrorMessage, Loading } from "./QueryState";

const scopeLabel = { read: "account.tokens.scopeRead", read_write: "account.tokens.scopeReadWrite" } as const satisfies Record<TokenScope, string>;

/**
 * The account page's personal access tokens (docs/decisions/016-api-tokens.md): make one (name, access,
 * lifetime), see its secret once, revoke any. The list never holds a secret, only its first characters.
 */
export function ApiTokens() {
  const { t } = useTranslation();
  const f = useFormatters();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [name, setName] = useState("");
  const [scope, setScope] = useState<TokenScope>("read");
  const [days, setDays] = useState<number>(90);
  const [revokedName, setRevokedName] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: () => {
        setName("");
        setRevokedName(null);
        refresh();
      },
    }),
  );
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        create.reset();
        refresh();
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, scope, expiresInDays: days });
  };
  const now = new Date().toISOString();
  const day = (iso: string) => f.date(iso.slice(0, 10));

  return (
    <section className="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t("account.tokens.heading")}</h2>
      <p>
        {t("account.tokens.intro")} <a href="/api/v1/docs">{t("account.tokens.reference")}</a>
      </p>
      <form onSubmit={submit} noValidate aria-labelledby="tokens-heading">
        <div className="field">
          <label htmlFor="token-name">{t("account.tokens.name")}</label>
          <input id="token-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} aria-describedby="token-name-hint token-name-error" />
          <p id="token-name-hint" className="muted small">
            {t("account.tokens.nameHint")}
          </p>
          <p id="token-name-error" className="field-error">
            {errors.name ?? ""}
          </p>
        </div>
        <fieldset className="field">
          <legend>{t("account.tokens.scope")}</legend>
          {tokenScopes.map((choice) => (
            <label key={choice} className="choice">
              <input type="radio" name="token-scope" value={choice} checked={scope === choice} onChange={() => setScope(choice)} />
              <span>{t(scopeLabel[choice])}</span>
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="token-lifetime">{t("account.tokens.lifetime")}</label>
          <select id="token-lifetime" value={days} onChange={(e) => setDays(Number(e.target.value))} aria-describedby="token-lifetime-error">
            {tokenLifetimes.map((choice) => (
              <option key={choice} value={choice}>
                {t("account.tokens.days", { count: choice })}
              </option>
            ))}
          </select>
          <p id="token-lifetime-error" className="field-error">
            {errors.expiresInDays ?? ""}
          </p>
        </div>
        {create.error && Object.keys(errors).length === 0 && (
          <p className="field-error" role="alert">
            {create.error.message}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {t("account.tokens.create")}
          </button>
        </div>
      </form>
      {create.data && (
        <div className="success" role="status">
          <p>
            <strong>{t("account.tokens.newToken", { name: create.data.token.name })}</strong>
          </p>
          <p>
            <code className="token-secret" data-testid="new-token">
              {create.data.secret}
            </code>
          </p>
          <p>{t("account.tokens.shownOnce")}</p>
        </div>
      )}
      {revokedName && (
        <p className="success" role="status">
          {t("account.tokens.revoked", { name: revokedName })}
        </p>
      )}
      {tokens.isPending ? (
        <Loading what={t("account.tokens.loading")} />
      ) : tokens.isError ? (
        <ErrorMessage error={tokens.error} retry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p className="muted">{t("account.tokens.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="tokens-heading">
            <thead>
              <tr>
                <th scope="col">{t("account.tokens.columnName")}</th>
                <th scope="col">{t("account.tokens.columnScope")}</th>
                <th scope="col">{t("account.tokens.columnCreated")}</th>
                <th scope="col">{t("account.tokens.columnExpires")}</th>
                <th scope="col">{t("account.tokens.columnLastUsed")}</th>
                <th scope="col">{t("account.tokens.columnAction")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <th scope="row">
                    {token.name}
                    <div className="muted small">
                      <code>{token.prefix}…</code>
                    </div>
                  </th>
                  <td>{t(scopeLabel[token.scope])}</td>
                  <td className="nowrap">{day(token.createdAt)}</td>
                  <td className="nowrap">{day(token.expiresAt)}</td>
                  <td className="nowrap">{token.lastUsedAt ? day(token.lastUsedAt) : t("account.tokens.never")}</td>
                  <td>
                    {token.revokedAt ? (
                      t("account.tokens.revokedOn", { date: day(token.revokedAt) })
                    ) : token.expiresAt <= now ? (
                      t("account.tokens.expired")
                    ) : (
                      <button
                        type="button"
                        aria-label={t("account.tokens.revokeLabel", { name: token.name })}
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate({ id: token.id }, { onSuccess: () => setRevokedName(token.name) })}
                      >
                        {t("account.tokens.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
