/**
 * Bearer secrets (API tokens, session ids, bootstrap tokens): 32 random bytes, shown once, stored
 * only as a sha256 digest. Their entropy makes a slow hash unnecessary.
 */
import { hash, randomBytes } from "node:crypto";

/** A new secret with a readable kind prefix, e.g. `hwy_tok_...`. */
export function newSecret(kind: "tok" | "ses" | "boot" | "csrf"): string {
  return `hwy_${kind}_${randomBytes(32).toString("base64url")}`;
}

/** The digest under which a secret is stored and looked up. */
export function secretHash(secret: string): string {
  return hash("sha256", secret, "hex");
}
