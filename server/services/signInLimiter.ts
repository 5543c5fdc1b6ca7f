/**
 * Slows password guessing: after too many failed sign-ins for one account, or from one address, within a
 * window, further attempts are refused until the window has passed, whether or not the password is right.
 * A success clears the account's count. Kept in memory: one server process, and a restart forgetting the
 * counts is acceptable for a guard whose job is to make guessing slow. The clock is injectable for tests.
 */
export interface SignInLimiterOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  now?: () => number;
}

export const defaultSignInLimits: SignInLimiterOptions = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 30, windowMs: 15 * 60_000 };

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

export function createSignInLimiter(options: SignInLimiterOptions = defaultSignInLimits) {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number[]>();

  const recent = (key: string) => {
    const since = now() - options.windowMs;
    const kept = (failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  const keys = (email: string, address: string) => ({ account: `account:${email}`, address: `address:${address}` });

  return {
    /** Milliseconds to wait before trying again, or 0 if an attempt may be made now. */
    waitBeforeAttempt(email: string, address: string): number {
      const { account, address: addressKey } = keys(email, address);
      const blocked = [
        [recent(account), options.maxFailuresPerAccount],
        [recent(addressKey), options.maxFailuresPerAddress],
      ] as const;
      let wait = 0;
      for (const [times, max] of blocked) {
        if (times.length >= max) wait = Math.max(wait, times[times.length - max]! + options.windowMs - now());
      }
      return wait;
    },
    recordFailure(email: string, address: string) {
      for (const key of Object.values(keys(email, address))) failures.set(key, [...recent(key), now()]);
    },
    recordSuccess(email: string) {
      failures.delete(keys(email, "").account);
    },
  };
}
