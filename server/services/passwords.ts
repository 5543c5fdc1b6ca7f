import { randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { createHashQueue } from "./hashQueue";

/**
 * Passwords are hashed with scrypt (memory-hard, in node:crypto) and a random salt per user, stored as
 * `scrypt$N$r$p$salt$hash` so that the cost can be raised later without invalidating old hashes.
 */
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
// N=2^15, r=8 needs 32 MiB; node's default ceiling is exactly that, so leave headroom.
const MAX_MEMORY = 64 * 1024 * 1024;

/** Every asynchronous hash of the process waits its turn here (server/services/hashQueue.ts). */
export const passwordHashQueue = createHashQueue();

/** Throws HashQueueFull at once when too many hashes are already waiting. */
function derive(password: string, salt: Buffer, options: ScryptOptions, first = false): Promise<Buffer> {
  return passwordHashQueue.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize("NFKC"), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
      ),
    { first },
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** `first`: a browser known to the account (device cookie) is checked before the strangers in line. */
export async function verifyPassword(password: string, stored: string, { first = false } = {}): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) }, first);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Compared against when the email is unknown, so that an unknown address costs the same time as a wrong
 * password and the answer does not reveal which accounts exist.
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex")).catch((error) => {
    decoyHash = null; // refused by a full queue: computed again next time
    throw error;
  });
  return decoyHash;
}

/** A random password people can type: 4 groups of 5 letters and digits, without look-alikes. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join("")).join("-");
}

/**
 * The demo accounts' passwords are shown on the sign-in page, so a slow hash protects nothing there; a
 * cheaper one keeps loading the demo data quick. A demo account's changed password gets the full cost.
 */
export const DEMO_ACCOUNT_COST = { N: 2 ** 10, r: 8, p: 1 };

/** For the first administrator and the demo seed, which run inside one synchronous transaction. */
export function hashPasswordSync(password: string, cost = COST): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, KEY_LENGTH, { ...cost, maxmem: MAX_MEMORY });
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}
