import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker, type BlockerFunction } from "react-router";

/**
 * Forms on screen with changes not yet saved. React Router consults only the most recently registered
 * blocker, so every form's hook asks the same question — "is anything on screen unsaved?" — and it does not
 * matter which of several open forms registered last.
 */
const formsWithUnsavedChanges = new Set<object>();

const leavesThePage: BlockerFunction = ({ currentLocation, nextLocation }) =>
  formsWithUnsavedChanges.size > 0 && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search);

/**
 * A modal dialog in the reader's language: "Leave without saving?" with Stay (the default, and what Escape
 * means) and Leave. A native <dialog> opened with showModal() keeps the focus inside and is announced as a
 * dialog. It is built outside React because a hook cannot render, and it lives only while it asks.
 */
function askBeforeLeaving(words: { title: string; body: string; leave: string; stay: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "unsaved-dialog";
    dialog.setAttribute("aria-labelledby", "unsaved-dialog-title");
    dialog.setAttribute("aria-describedby", "unsaved-dialog-body");
    const title = Object.assign(document.createElement("h2"), { id: "unsaved-dialog-title", textContent: words.title });
    const body = Object.assign(document.createElement("p"), { id: "unsaved-dialog-body", textContent: words.body });
    const stay = Object.assign(document.createElement("button"), { type: "button", className: "primary", textContent: words.stay });
    const leave = Object.assign(document.createElement("button"), { type: "button", textContent: words.leave });
    const actions = Object.assign(document.createElement("p"), { className: "form-actions" });
    actions.append(stay, " ", leave);
    dialog.append(title, body, actions);
    let answer = false;
    stay.addEventListener("click", () => dialog.close());
    leave.addEventListener("click", () => {
      answer = true;
      dialog.close();
    });
    // Escape closes the dialog too: that means staying.
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    stay.focus();
  });
}

/**
 * Asks before leaving a page with unsaved changes: moving to another page in the app asks with a dialog in
 * the reader's language; closing the tab or reloading asks through the browser's own dialog (whose words
 * the browser chooses).
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
  // One dialog per blocked navigation, however often the page renders while it asks.
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== "blocked" || asking.current) return;
    asking.current = true;
    void askBeforeLeaving({ title: t("unsaved.title"), body: t("unsaved.body"), leave: t("unsaved.leave"), stay: t("unsaved.stay") }).then((leave) => {
      asking.current = false;
      if (leave) {
        formsWithUnsavedChanges.clear();
        blocker.proceed();
      } else {
        blocker.reset();
      }
    });
  }, [blocker, t]);

  const saved = useCallback(() => {
    formsWithUnsavedChanges.delete(form);
  }, [form]);
  return { saved };
}
