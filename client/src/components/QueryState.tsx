import { Link } from "react-router";
import { errorCodeOf } from "../trpc";
import type { ReactNode } from "react";

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorMessage({ error, retry }: { error: unknown; retry?: () => void }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  // Asking again does not change a refusal or bring back something that is not there.
  const final = ["FORBIDDEN", "NOT_FOUND", "UNAUTHORIZED"].includes(errorCodeOf(error) ?? "");
  return (
    <div className="error-box" role="alert">
      <p>{message}</p>
      {final && <Link to="/">Back to the portfolio</Link>}
      {retry && !final && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}
