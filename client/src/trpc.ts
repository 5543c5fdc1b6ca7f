import { hashKey, QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { MAX_CALLS_PER_BATCH } from "../../shared/limits";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "../../server/root";
import { LANGUAGE_HEADER } from "../../shared/i18n/languages";
import { currentLanguage } from "./i18n";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const queryClient = new QueryClient({
  // A session that ended (expired, signed out elsewhere, account deactivated): back to the sign-in page.
  queryCache: new QueryCache({
    onError: (error) => {
      if (errorCodeOf(error) === "UNAUTHORIZED" && !window.location.pathname.startsWith("/sign-in"))
        window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
    },
  }),
  defaultOptions: {
    queries: {
      // The server answers in the page's language (period names, messages): an answer kept in one language is
      // never shown in another. Keyed by the language the request is sent in (docs/decisions/021).
      queryKeyHashFn: (queryKey) => (isSignedInPersonKey(queryKey) ? hashKey(queryKey) : hashKey([currentLanguage(), ...queryKey])),
      staleTime: 10_000,
      // Asking again does not change a refusal.
      retry: (failures, error) => failures < 1 && !["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"].includes(errorCodeOf(error) ?? ""),
      refetchOnWindowFocus: false,
    },
  },
});

/**
 * The signed-in person (auth.me) is the same in every language, and the account's language is read from it:
 * one copy, or switching language would forget who is signed in.
 */
function isSignedInPersonKey(queryKey: readonly unknown[]): boolean {
  const [path] = queryKey;
  return Array.isArray(path) && path.length === 2 && path[0] === "auth" && path[1] === "me";
}

export const trpcClient = createTRPCClient<AppRouter>({
  // The server writes its messages in the language the page is shown in.
  links: [httpBatchLink({ url: "/api/trpc", maxItems: MAX_CALLS_PER_BATCH, headers: () => ({ [LANGUAGE_HEADER]: currentLanguage() }) })],
});

export type ApiError = TRPCClientError<AppRouter>;

/**
 * Field errors sent by the server, keyed by the whole path of the input ("entries.0.value",
 * "milestones.2.target"): zod's and the write path's alike (server/trpc.ts). zod's flattened errors, keyed
 * by the first step of the path only, are a fallback for a server that sends no whole paths.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = (error as ApiError).data as { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null; fieldErrors?: Record<string, string> | null } | undefined;
  if (data?.fieldErrors) return { ...data.fieldErrors };
  const result: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data?.zodError?.fieldErrors ?? {})) {
    if (messages?.[0]) result[field] = messages[0];
  }
  return { ...result, ...(data?.fieldErrors ?? {}) };
}

export function errorCodeOf(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  return ((error as ApiError).data as { code?: string } | undefined)?.code;
}
