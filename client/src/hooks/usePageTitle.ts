import { useEffect } from "react";
import { useTranslation } from "react-i18next";

/** The browser tab's title: the page's (already translated) title, then the app's name. */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  const appName = t("common.appName");
  useEffect(() => {
    document.title = title ? t("titles.withApp", { title, app: appName }) : appName;
  }, [title, appName, t]);
}
