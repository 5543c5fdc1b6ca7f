import { useEffect } from "react";
import { useBlocker } from "react-router";

/**
 * While a form has unsaved changes, leaving it asks first: closing or reloading the tab (the browser's own
 * question) and following a link inside the app (`question`, in the reader's language).
 */
export function useUnsavedChangesWarning(unsaved: boolean, question: string): void {
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  const blocker = useBlocker(({ currentLocation, nextLocation }) => unsaved && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm(question)) blocker.proceed();
    else blocker.reset();
  }, [blocker, question]);
}
