import { readNationalId } from "../domain/national-id";
import { identityKey } from "../crypto/identity";
import { ApiError } from "./errors";

/** A person as the server knows them: identity key and birth date, never the raw number. */
export interface Person {
  identity: string;
  birthDate: string;
}

/** What a person is told when their national ID number cannot be read (the API and the pages say the same). */
export const NATIONAL_ID_PROBLEMS = {
  format: {
    en: "The number must have 13 digits, written YYMMDD-NNNNNNN or without the dash (e.g. 680101-1234567).",
    ko: "주민등록번호는 13자리 숫자로 입력해 주세요 (예: 680101-1234567).",
  },
  birth_date: { en: "The first six digits are not a real date of birth.", ko: "주민등록번호 앞 6자리가 올바른 생년월일이 아닙니다." },
} as const;

/** Reads a national ID number into a person, or refuses it with a precise `invalid_input`. */
export async function personFrom(nationalId: string, idHashKey: string): Promise<Person> {
  const reading = readNationalId(nationalId);
  if (!reading.ok) {
    const problem = NATIONAL_ID_PROBLEMS[reading.problem];
    throw new ApiError("invalid_input", { detail: `nationalId: ${problem.en}`, detailKo: problem.ko });
  }
  return { identity: await identityKey(idHashKey, reading.normalized), birthDate: reading.birthDate };
}
