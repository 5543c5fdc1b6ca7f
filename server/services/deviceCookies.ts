import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * OWASP's "device cookies": after a successful sign-in the browser gets a cookie signed by the server and
 * bound to that account. A later attempt for the same account that brings it is counted on that browser's
 * own counter, not on the counters an attacker can fill from elsewhere (server/services/signInLimiter.ts).
 *
 * The value is `nonce.signature`, the signature an HMAC of the account's email and the nonce: the email is
 * not written into the browser, and a cookie issued for one account is worth nothing for another.
 */
export const DEVICE_COOKIE = "pm_device";
/** How long a browser stays known: long, since its only power is to be counted separately. */
export const DEVICE_COOKIE_DAYS = 180;

export interface DeviceCookies {
  issue(email: string): string;
  /** The device's nonce when the cookie is genuine and was issued for this email, otherwise null. */
  read(value: string | undefined, email: string): string | null;
}

export function createDeviceCookies(secret: Buffer | string = randomBytes(32)): DeviceCookies {
  const sign = (email: string, nonce: string) => createHmac("sha256", secret).update(`${email}\n${nonce}`).digest();
  return {
    issue(email) {
      const nonce = randomBytes(16).toString("base64url");
      return `${nonce}.${sign(email, nonce).toString("base64url")}`;
    },
    read(value, email) {
      const [nonce, signature, ...rest] = (value ?? "").split(".");
      if (!nonce || !signature || rest.length > 0 || nonce.length > 64) return null;
      const given = Buffer.from(signature, "base64url");
      const expected = sign(email, nonce);
      return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
    },
  };
}
