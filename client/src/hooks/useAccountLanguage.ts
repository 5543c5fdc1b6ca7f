import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "./useMe";

/** After sign-in, the language chosen on the account wins over this browser's. */
export function useAccountLanguage(): void {
  const language = useMe().data?.language;
  const { i18n } = useTranslation();
  useEffect(() => {
    if (language && language !== i18n.resolvedLanguage) void i18n.changeLanguage(language);
  }, [language, i18n]);
}
