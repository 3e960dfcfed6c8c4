/**
 * Password hashing with scrypt from node:crypto (N=2^15, r=8, p=1, 32-byte salt, 64-byte key),
 * stored as `scrypt$N$r$p$salt$key`, compared in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { HighwayError } from "../../domain/errors.js";

const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 64;
const MAX_MEMORY = 128 * N * R * 2;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The minimum a password must satisfy. */
export function checkPasswordStrength(password: string): void {
  if (password.length < 12) throw new HighwayError("PERSON_PASSWORD_WEAK", { field: "body.password", rule: "PERSON_PASSWORD_WEAK" });
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(32);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** A hash of no real password, so that a login for an unknown e-mail takes as long as any other. */
const DUMMY = `scrypt$${N}$${R}$${P}$${Buffer.alloc(32).toString("base64")}$${Buffer.alloc(KEY_LENGTH).toString("base64")}`;

/** True when the password matches the stored hash (or, for a missing hash, false after equal work). */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = (stored ?? DUMMY).split("$");
  if (scheme !== "scrypt" || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await derive(password, Buffer.from(salt, "base64"), Number(n), Number(r), Number(p));
  return stored !== null && expected.length === actual.length && timingSafeEqual(expected, actual);
}
