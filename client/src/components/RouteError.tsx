import { useTranslation } from "react-i18next";
import { Link, isRouteErrorResponse, useRouteError } from "react-router";
import { usePageTitle } from "../hooks/usePageTitle";

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  usePageTitle(t("shell.routeErrorHeading"));
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : t("shell.unknownError");
  return (
    <main className="page">
      <h1>{t("shell.routeErrorHeading")}</h1>
      <p role="alert">{message}</p>
      <Link to="/">{t("shell.backToPortfolio")}</Link>
    </main>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t("shell.pageNotFound"));
  return (
    <>
      <h1>{t("shell.pageNotFound")}</h1>
      <p>
        {t("shell.nothingAtThisAddress")} <Link to="/">{t("shell.goToPortfolio")}</Link>.
      </p>
    </>
  );
}
