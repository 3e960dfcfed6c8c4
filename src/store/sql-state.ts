/** PostgreSQL's SQLSTATE of an error, whichever driver raised it and however it was wrapped. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error; e !== null && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
