import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { securityEvents, type SecurityEvent } from "../../../shared/securityEvents";
import { ErrorMessage, Loading } from "../components/QueryState";
import { usePageTitle } from "../hooks/usePageTitle";
import { useFormatters } from "../i18n/useFormatters";
import { useTRPC } from "../trpc";

const isSecurityEvent = (value: string | null): value is SecurityEvent => (securityEvents as readonly (string | null)[]).includes(value);

/** Administrators: who signed in, who failed to, who signed out or changed a password, newest first. */
export function SecurityLogPage() {
  const { t } = useTranslation();
  usePageTitle(t("titles.securityLog"));
  const f = useFormatters();
  const trpc = useTRPC();
  // The page and the filter live in the address, so that a view can be shared and the back button works.
  const [searchParams, setSearchParams] = useSearchParams();
  const eventParam = searchParams.get("event");
  const event = isSecurityEvent(eventParam) ? eventParam : undefined;
  const page = Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1);
  const log = useQuery({ ...trpc.securityLog.list.queryOptions({ page, event }), placeholderData: keepPreviousData });
  const go = (next: { page?: number; event?: SecurityEvent | undefined }) => {
    const params = new URLSearchParams();
    const chosen = "event" in next ? next.event : event;
    if (chosen) params.set("event", chosen);
    if ((next.page ?? 1) > 1) params.set("page", String(next.page));
    setSearchParams(params);
  };
  const when = (iso: string) => `${f.date(iso.slice(0, 10))} ${iso.slice(11, 19)}`;

  return (
    <>
      <div className="page-heading">
        <h1>{t("securityLog.heading")}</h1>
        <p className="muted">{t("securityLog.intro")}</p>
      </div>
      <div className="filters">
        <label>
          {t("securityLog.show")}
          <select value={event ?? ""} onChange={(e) => go({ event: isSecurityEvent(e.target.value) ? e.target.value : undefined })}>
            <option value="">{t("securityLog.allEvents")}</option>
            {securityEvents.map((name) => (
              <option key={name} value={name}>
                {t(`securityLog.events.${name}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {log.isPending ? (
        <Loading what={t("securityLog.loading")} />
      ) : log.isError ? (
        <ErrorMessage error={log.error} retry={() => log.refetch()} />
      ) : log.data.entries.length === 0 ? (
        <p className="muted">{t("securityLog.empty")}</p>
      ) : (
        <>
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t("securityLog.columnWhen")}</th>
                  <th scope="col">{t("securityLog.columnEvent")}</th>
                  <th scope="col">{t("securityLog.columnAccount")}</th>
                  <th scope="col">{t("securityLog.columnEmailTyped")}</th>
                  <th scope="col">{t("securityLog.columnAddress")}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.entries.map((entry) => (
                  <tr key={entry.id}>
                    <td className="nowrap">
                      {when(entry.at)}
                      {entry.attempts > 1 && entry.lastAt && (
                        <div className="muted small">
                          {t(entry.event === "token_used" || entry.event === "token_refused" ? "securityLog.uses" : "securityLog.attempts", {
                            count: entry.attempts,
                            time: entry.lastAt.slice(11, 19),
                          })}
                        </div>
                      )}
                    </td>
                    <td>
                      {t(`securityLog.events.${entry.event}`)}
                      {entry.actorName && <div className="muted small">{t("securityLog.by", { name: entry.actorName })}</div>}
                      {entry.tokenName && <div className="muted small">{t("securityLog.token", { name: entry.tokenName, prefix: entry.tokenPrefix })}</div>}
                    </td>
                    <td>
                      {entry.userName ? (
                        <>
                          {entry.userName}
                          <div className="muted small">{entry.userEmail}</div>
                        </>
                      ) : (
                        <span className="muted">{t("securityLog.noAccount")}</span>
                      )}
                    </td>
                    <td>{entry.emailTyped ?? ""}</td>
                    <td>
                      <code>{entry.address}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {log.data.pages > 1 && (
            <nav className="pagination" aria-label={t("securityLog.pages")}>
              <button type="button" onClick={() => go({ page: page - 1 })} disabled={page <= 1}>
                {t("securityLog.previous")}
              </button>
              <span>{t("securityLog.pageOf", { page, pages: log.data.pages, total: log.data.total })}</span>
              <button type="button" onClick={() => go({ page: page + 1 })} disabled={page >= log.data.pages}>
                {t("securityLog.next")}
              </button>
            </nav>
          )}
        </>
      )}
    </>
  );
}
