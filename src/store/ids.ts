/** Row ids: UUIDv7, so ids sort by creation time and serve as pagination cursors. */
import { randomBytes } from "node:crypto";

// Random bits come from a pool refilled 4 KiB at a time: one call into the CSPRNG per 256 ids
// instead of one per id (ids are minted several per submission on the hot path).
const POOL_IDS = 256;
let pool = Buffer.alloc(0);
let taken = POOL_IDS;

function randomBlock(): Buffer {
  if (taken === POOL_IDS) {
    pool = randomBytes(16 * POOL_IDS);
    taken = 0;
  }
  return Buffer.from(pool.subarray(16 * taken, 16 * ++taken));
}

/** A new UUIDv7 for the given instant (48-bit Unix milliseconds, then random bits). */
export function newId(at: Date = new Date()): string {
  const bytes = randomBlock();
  const ms = BigInt(at.getTime());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** True for a syntactically valid UUID (any version). */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
