import { createDeviceCookies, type DeviceCookies } from "./deviceCookies";

/**
 * Slows password guessing without handing an attacker a way to lock people out (docs/decisions/015).
 *
 * - An attempt is reserved, and counted as a failure, synchronously before the password hash is checked:
 *   Node runs this check-and-count without interruption, so twenty parallel requests see each other's
 *   attempts and only the free ones reach the hash. A success takes its own attempt back.
 * - Counters: per account+address and per account (all untrusted browsers together); a browser holding a
 *   device cookie for the account (OWASP "device cookies") is counted on its own instead, so an attacker's
 *   failures elsewhere never slow the real person down; failures for unknown emails are counted per address
 *   on a counter that known accounts never look at.
 * - Past a few free failures, each further attempt on that counter waits a delay that doubles, up to a cap:
 *   guessing becomes slow, and a right password is never shut out for long.
 *
 * Kept in memory: one server process, and a restart forgetting the counts is acceptable for a guard whose
 * job is to make guessing slow. The clock is injectable for tests.
 */
export interface SignInLimiterOptions {
  /** Failures per account from one address before the delays start. */
  freeFailuresPerAccountAndAddress: number;
  /** Failures per account from all untrusted browsers together (a guess spread over many addresses). */
  freeFailuresPerAccount: number;
  /** Failures from one browser holding the account's device cookie. */
  freeFailuresPerDevice: number;
  /** Failures for unknown emails from one address. */
  freeUnknownFailuresPerAddress: number;
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  now?: () => number;
  /** Signs device cookies; random per process unless given (a restart then forgets trusted browsers). */
  deviceSecret?: Buffer | string;
}

export const defaultSignInLimits: SignInLimiterOptions = {
  freeFailuresPerAccountAndAddress: 5,
  freeFailuresPerAccount: 20,
  freeFailuresPerDevice: 5,
  freeUnknownFailuresPerAddress: 10,
  // Long enough that a burst cannot outlast it (a parallel burst gets exactly the free attempts), short
  // enough that the right password after a few typos waits half a minute.
  firstDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  // Long enough that the capped delay, not forgetting, sets the pace: at most about 100 guesses a day.
  windowMs: 24 * 60 * 60_000,
};

/** Who is trying: the account (null when the email is unknown), where from, and the browser's device cookie. */
export interface Attempt {
  email: string;
  address: string;
  accountExists: boolean;
  deviceCookie?: string | undefined;
}

export type Reservation = { allowed: false; waitMs: number } | { allowed: true; trustedDevice: boolean; succeeded(): void; cancelled(): void };

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

export function createSignInLimiter(overrides: Partial<SignInLimiterOptions> = {}) {
  const options = { ...defaultSignInLimits, ...overrides };
  const now = options.now ?? Date.now;
  const devices: DeviceCookies = createDeviceCookies(options.deviceSecret);
  const failures = new Map<string, number[]>();

  const recent = (key: string) => {
    const since = now() - options.windowMs;
    const all = failures.get(key) ?? [];
    const kept = all[0] !== undefined && all[0] <= since ? all.filter((at) => at > since) : all;
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  const delayAfter = (pastFree: number) => Math.min(options.firstDelayMs * 2 ** (pastFree - 1), options.maxDelayMs);
  const waitFor = (key: string, free: number) => {
    const times = recent(key);
    if (times.length < free) return 0;
    return Math.max(0, times.at(-1)! + delayAfter(times.length - free + 1) - now());
  };
  const forget = (key: string, at: number) => {
    const times = failures.get(key);
    const index = times?.lastIndexOf(at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
    if (times?.length === 0) failures.delete(key);
  };

  /** The counters this attempt is checked and counted on, with their free failures. */
  const countersOf = (attempt: Attempt, device: string | null): [string, number][] => {
    if (!attempt.accountExists) return [[`unknown:${attempt.address}`, options.freeUnknownFailuresPerAddress]];
    if (device) return [[`device:${device}`, options.freeFailuresPerDevice]];
    return [
      [`account+address:${attempt.email}|${attempt.address}`, options.freeFailuresPerAccountAndAddress],
      [`account:${attempt.email}`, options.freeFailuresPerAccount],
    ];
  };

  return {
    /**
     * Checks and counts one attempt in the same synchronous step. When allowed, the caller checks the
     * password and then says how it went: `succeeded()` takes the attempt back and clears this browser's
     * counters; `cancelled()` takes it back when no password was checked at all (the server was busy).
     */
    reserve(attempt: Attempt): Reservation {
      const device = attempt.accountExists ? devices.read(attempt.deviceCookie, attempt.email) : null;
      const counters = countersOf(attempt, device);
      const waitMs = Math.max(...counters.map(([key, free]) => waitFor(key, free)));
      if (waitMs > 0) return { allowed: false, waitMs };
      const at = now();
      for (const [key] of counters) failures.set(key, [...recent(key), at]);
      const takeBack = () => {
        for (const [key] of counters) forget(key, at);
      };
      return {
        allowed: true,
        trustedDevice: device !== null,
        succeeded() {
          takeBack();
          // The account-wide counter keeps other browsers' failures: a success here says nothing about them.
          for (const [key] of counters) if (!key.startsWith("account:")) failures.delete(key);
        },
        cancelled: takeBack,
      };
    },
    /** A signed cookie that lets this browser past the account's untrusted-browser counters next time. */
    deviceCookieFor(email: string): string {
      return devices.issue(email);
    },
  };
}
