/**
 * Korean regions as current ISO 3166-2:KR codes (KR-42 Gangwon and KR-45 Jeonbuk are retired in
 * favour of the special self-governing provinces KR-51 and KR-52).
 */

/** Every current region code with its Korean and English name. */
export const REGIONS = {
  "KR-11": { ko: "서울특별시", en: "Seoul" },
  "KR-26": { ko: "부산광역시", en: "Busan" },
  "KR-27": { ko: "대구광역시", en: "Daegu" },
  "KR-28": { ko: "인천광역시", en: "Incheon" },
  "KR-29": { ko: "광주광역시", en: "Gwangju" },
  "KR-30": { ko: "대전광역시", en: "Daejeon" },
  "KR-31": { ko: "울산광역시", en: "Ulsan" },
  "KR-41": { ko: "경기도", en: "Gyeonggi" },
  "KR-43": { ko: "충청북도", en: "Chungbuk" },
  "KR-44": { ko: "충청남도", en: "Chungnam" },
  "KR-46": { ko: "전라남도", en: "Jeonnam" },
  "KR-47": { ko: "경상북도", en: "Gyeongbuk" },
  "KR-48": { ko: "경상남도", en: "Gyeongnam" },
  "KR-49": { ko: "제주특별자치도", en: "Jeju" },
  "KR-50": { ko: "세종특별자치시", en: "Sejong" },
  "KR-51": { ko: "강원특별자치도", en: "Gangwon" },
  "KR-52": { ko: "전북특별자치도", en: "Jeonbuk" },
} as const;

/** A current ISO 3166-2:KR region code. */
export type RegionCode = keyof typeof REGIONS;

/** The capital region (수도권): Seoul, Incheon, Gyeonggi. */
export const CAPITAL_REGION: ReadonlySet<RegionCode> = new Set(["KR-11", "KR-28", "KR-41"]);

/** True for a current ISO 3166-2:KR code. */
export function isRegionCode(code: string): code is RegionCode {
  return Object.hasOwn(REGIONS, code);
}

/** True outside Seoul, Incheon and Gyeonggi: the regions programs reserve shares for. */
export function isNonCapitalRegion(code: RegionCode): boolean {
  return !CAPITAL_REGION.has(code);
}
