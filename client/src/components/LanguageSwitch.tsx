import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../hooks/useMe";
import { availableLanguages, rememberInBrowser } from "../i18n";
import { useTRPC } from "../trpc";

/** A language's name in that language ("Italiano", "Deutsch"), as its speakers look for it. */
function nativeName(code: string): string {
  const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
  return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
}

/**
 * The language switch. The choice is kept in this browser (by the language detector) and, when someone
 * is signed in, on their account; every query is asked again so that the server's words follow.
 */
export function LanguageSwitch({ describedBy }: { describedBy?: string } = {}) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const remember = useMutation(trpc.auth.setLanguage.mutationOptions());
  const change = async (language: string) => {
    // Signed in, the account remembers it (said first to the page's copy of the account, which the shell
    // follows); otherwise this browser does. Answers are kept per language (client/src/trpc.ts).
    if (me) {
      queryClient.setQueryData(trpc.auth.me.queryKey(), (account) => (account ? { ...account, language } : account));
      await i18n.changeLanguage(language);
      remember.mutate({ language }, { onSuccess: () => queryClient.invalidateQueries() });
    } else {
      rememberInBrowser(language);
      await i18n.changeLanguage(language);
      await queryClient.invalidateQueries();
    }
  };
  return (
    <span className="language-switch">
      <label htmlFor={id}>{t("language.label")}</label>{" "}
      <select id={id} aria-describedby={describedBy} value={i18n.resolvedLanguage} onChange={(event) => void change(event.target.value)}>
        {availableLanguages.map((code) => (
          <option key={code} value={code} lang={code}>
            {nativeName(code)}
          </option>
        ))}
      </select>
    </span>
  );
}
