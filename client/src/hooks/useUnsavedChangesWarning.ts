import { createElement, useEffect, useId, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useBlocker, type Blocker } from "react-router";

/**
 * Warns before leaving a form with unsaved changes: the browser's own question when the tab is closed or
 * reloaded, and a dialog in the page's language when a link inside the app would leave the page.
 * Returns the dialog, to be rendered by the form's page (nothing while there is nothing to ask).
 */
export function useUnsavedChangesWarning(dirty: boolean): ReactNode {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when a return value is set; its text is not shown any more.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  // Saving while a navigation waits (or the changes being undone) lets it go without asking again.
  useEffect(() => {
    if (blocker.state === "blocked" && !dirty) blocker.proceed();
  }, [blocker, dirty]);

  return blocker.state === "blocked" ? createElement(UnsavedChangesDialog, { blocker }) : null;
}

function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const element = dialog.current;
    // A modal dialog keeps keyboard focus inside it and gives Escape to "stay".
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const stay = () => blocker.reset?.();
  const leave = () => blocker.proceed?.();
  return createElement(
    "dialog",
    {
      ref: dialog,
      className: "unsaved-dialog",
      "aria-labelledby": `${id}-title`,
      "aria-describedby": `${id}-body`,
      onCancel: (event: Event) => {
        event.preventDefault();
        stay();
      },
    },
    createElement("h2", { id: `${id}-title` }, t("unsaved.title")),
    createElement("p", { id: `${id}-body` }, t("unsaved.body")),
    createElement(
      "div",
      { className: "form-actions" },
      // The safe choice comes first and has the focus.
      createElement("button", { type: "button", className: "primary", onClick: stay, autoFocus: true }, t("unsaved.stay")),
      createElement("button", { type: "button", onClick: leave }, t("unsaved.leave")),
    ),
  );
}
