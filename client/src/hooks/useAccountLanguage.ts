import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "./useMe";

/**
 * After sign-in, the language chosen on the account wins over this browser's. Returns false until the page is
 * in that language: the shell waits, so that no request as this person goes out in the browser's language and
 * no answer in it is kept (docs/decisions/021).
 */
export function useAccountLanguage(): boolean {
  const language = useMe().data?.language;
  const { i18n } = useTranslation();
  const inAccountLanguage = !language || language === i18n.resolvedLanguage;
  useEffect(() => {
    if (!inAccountLanguage && language) void i18n.changeLanguage(language);
  }, [inAccountLanguage, language, i18n]);
  return inAccountLanguage;
}
