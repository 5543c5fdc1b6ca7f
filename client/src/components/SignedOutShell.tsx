import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./LanguageSwitch";

/**
 * The frame of the pages a person may open without being signed in (sign-in, one-time links, unsubscribe):
 * the language switch comes first, so the page can be read in the person's language from the start.
 */
export function SignedOutShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="page sign-in-page">
      <div className="sign-in-top">
        <h1>
          <span aria-hidden="true">◆</span> {t("common.appName")}
        </h1>
        <LanguageSwitch />
      </div>
      {children}
    </main>
  );
}
