import { QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "../../server/root";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 10_000, retry: 1, refetchOnWindowFocus: false },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc" })],
});

export type ApiError = TRPCClientError<AppRouter>;

/** Field errors sent by the server: zod's per-field messages and the router's own keyed messages. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const data = (error as ApiError).data as
    | { zodError?: { fieldErrors?: Record<string, string[] | undefined> } | null; fieldErrors?: Record<string, string> | null }
    | undefined;
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
