/**
 * Korean particles after words the program does not know in advance (job ids, project titles,
 * node names): 이/가, 을/를, 은/는 and 과/와 take their first form after a word read with a final
 * consonant (받침) and their second after one read without. The last character decides: a Hangul
 * syllable by its final consonant, a digit by its Korean reading (영 일 이 삼 사 오 육 칠 팔 구),
 * a Latin letter by how its English name is read in Korean (엘, 엠, 엔 and 알 end in one), except
 * an "r" after a vowel letter, which ends a word read as in Korean loanwords without one (hopper
 * 호퍼, server 서버).
 * Anything else (a symbol, an empty word) gets both forms, "이(가)", as printed forms do.
 */

/** A particle's two forms: after a final consonant / after none. */
export type ParticlePair = "이/가" | "을/를" | "은/는" | "과/와";

const DIGIT_ENDS_IN_CONSONANT = [true, true, false, true, false, false, true, true, true, false];
const LETTERS_ENDING_IN_CONSONANT = new Set(["l", "m", "n", "r"]);

/** Whether `word` is read with a final consonant; undefined when its last character does not say. */
export function endsInConsonant(word: string): boolean | undefined {
  const last = word.trimEnd().at(-1);
  if (last === undefined) return undefined;
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  if (last >= "0" && last <= "9") return DIGIT_ENDS_IN_CONSONANT[code - 48];
  const letter = last.toLowerCase();
  if (letter >= "a" && letter <= "z") return LETTERS_ENDING_IN_CONSONANT.has(letter) && !(letter === "r" && afterVowelLetter(word.trimEnd()));
  return undefined;
}

/** `word` followed by the form of `pair` it takes ("작업 12345" + "이/가" -> "작업 12345가"). */
export function withParticle(word: string, pair: ParticlePair): string {
  const [afterConsonant, afterVowel] = pair.split("/") as [string, string];
  const consonant = endsInConsonant(word);
  if (consonant === undefined) return `${word}${afterConsonant}(${afterVowel})`;
  return word + (consonant ? afterConsonant : afterVowel);
}

/** Whether the last character of a word of three or more letters follows a vowel letter ("-er", "-or"). */
function afterVowelLetter(word: string): boolean {
  return word.length >= 3 && /[a-z]/i.test(word.at(-3)!) && /[aeiou]/i.test(word.at(-2)!);
}
