import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker, type BlockerFunction } from "react-router";

/**
 * Forms on screen with changes not yet saved. React Router consults only the most recently registered
 * blocker, so every form's hook asks the same question — "is any form on screen unsaved?" — and it does
 * not matter which of several open forms registered last.
 */
const formsWithUnsavedChanges = new Set<object>();

const leavesThePage: BlockerFunction = ({ currentLocation, nextLocation }) =>
  formsWithUnsavedChanges.size > 0 && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search);

/**
 * Asks before leaving a form with unsaved changes: moving to another page in the app asks with a
 * confirmation dialog in the reader's language; closing the tab or reloading asks through the browser's
 * own dialog (whose words the browser chooses).
 *
 * Returns `saved`, to call once the changes are stored and before navigating away, so that moving on
 * after a save is not questioned while the form still shows the submitted values.
 */
export function useUnsavedChangesWarning(dirty: boolean): { saved: () => void } {
  const { t } = useTranslation();
  const [form] = useState(() => ({}));

  useEffect(() => {
    if (!dirty) return;
    formsWithUnsavedChanges.add(form);
    const askTheBrowser = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", askTheBrowser);
    return () => {
      formsWithUnsavedChanges.delete(form);
      window.removeEventListener("beforeunload", askTheBrowser);
    };
  }, [dirty, form]);

  const blocker = useBlocker(leavesThePage);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    // The browser's confirm dialog is modal, takes the focus and is read out by screen readers.
    if (window.confirm(t("unsaved.confirmLeave"))) {
      formsWithUnsavedChanges.clear();
      blocker.proceed();
    } else {
      blocker.reset();
    }
  }, [blocker, t]);

  const saved = useCallback(() => {
    formsWithUnsavedChanges.delete(form);
  }, [form]);
  return { saved };
}
