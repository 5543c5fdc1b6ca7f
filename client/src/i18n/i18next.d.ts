import "i18next";
import type en from "../../../shared/i18n/locales/en.json";

// English is the reference catalogue: a key missing from it is a type error.
declare module "i18next" {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
    returnNull: false;
  }
}
