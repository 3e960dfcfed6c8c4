/** Durations in the words of waiting reasons, in English and in Korean. */

/** A duration as a person reads it: 45 s, 12 min, 3 h, 2 d. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/**
 * A duration as a Korean reader writes it: 45초, 12분, 2시간 5분, 3일 4시간. Minutes are shown up to
 * two days, hours beyond; like `duration`, rounded to the unit shown last.
 */
export function durationKo(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}초`;
  if (s < 172_800) {
    const minutes = Math.round(s / 60);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return `${m}분`;
    return m === 0 ? `${h}시간` : `${h}시간 ${m}분`;
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d}일` : `${d}일 ${h}시간`;
}
