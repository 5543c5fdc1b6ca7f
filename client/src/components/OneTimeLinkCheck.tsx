import type { ReactNode } from "react";
import { ErrorMessage, Loading } from "./QueryState";

/** A one-time link's preview as the page asked for it: the server answers null for a link that is unknown, used or expired. */
export interface LinkPreview<Preview> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: Preview | null | undefined;
  refetch: () => unknown;
}

/** Shows the page a one-time link opens only once the link is known to be good; otherwise why not. */
export function OneTimeLinkCheck<Preview>({
  preview,
  checking,
  invalid,
  children,
}: {
  preview: LinkPreview<Preview>;
  checking: string;
  invalid: string;
  children: (preview: Preview) => ReactNode;
}) {
  if (preview.isPending) return <Loading what={checking} />;
  if (preview.isError) return <ErrorMessage error={preview.error} retry={() => preview.refetch()} />;
  if (preview.data == null) {
    return (
      <p className="field-error" role="alert">
        {invalid}
      </p>
    );
  }
  return <>{children(preview.data)}</>;
}
