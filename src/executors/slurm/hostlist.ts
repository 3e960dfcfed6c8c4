/**
 * Slurm's compressed host lists (`h200n[1-2]`, `gpu[01-03,07],login1`) expanded to node names, in
 * time linear in the number of names. (Requests need no compression: Slurm takes `a1,a2`.)
 */

/** Splits on commas that are not inside brackets. */
function topLevelParts(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "[") depth++;
    else if (c === "]") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "" && p !== "(null)");
}

/** Expands a host list to its node names, in order. */
export function expandHostlist(list: string | null | undefined): string[] {
  if (!list) return [];
  const out: string[] = [];
  for (const part of topLevelParts(list)) expandOne(part, out);
  return out;
}

function expandOne(part: string, out: string[]): void {
  const open = part.indexOf("[");
  if (open < 0) {
    out.push(part);
    return;
  }
  const close = part.indexOf("]", open);
  if (close < 0) throw new RangeError(`unbalanced host list ${JSON.stringify(part)}`);
  const prefix = part.slice(0, open);
  const rest = part.slice(close + 1);
  for (const range of part.slice(open + 1, close).split(",")) {
    const [from = "", to = from] = range.split("-");
    if (!/^\d+$/.test(from) || !/^\d+$/.test(to)) throw new RangeError(`bad range ${JSON.stringify(range)} in host list`);
    const width = from.length;
    for (let n = Number(from); n <= Number(to); n++) expandOne(`${prefix}${String(n).padStart(width, "0")}${rest}`, out);
  }
}
