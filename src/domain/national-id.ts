import { formatIsoDate, type IsoDate, isRealDate } from "./dates";

/** Why a national ID number was refused. */
export type NationalIdProblem = "format" | "birth_date";

/** The outcome of reading a resident registration number. */
export type NationalIdReading = { ok: true; normalized: string; birthDate: IsoDate } | { ok: false; problem: NationalIdProblem };

const SHAPE = /^(\d{6})-?(\d{7})$/;

/** Century of birth encoded by the 7th digit (gender and nationality digits share a century). */
const CENTURY_BY_DIGIT: Record<string, number> = {
  "9": 1800,
  "0": 1800,
  "1": 1900,
  "2": 1900,
  "5": 1900,
  "6": 1900,
  "3": 2000,
  "4": 2000,
  "7": 2000,
  "8": 2000,
};

/**
 * Reads a Korean resident registration number (`YYMMDD-SNNNNNN`, dash optional).
 *
 * The check digit is deliberately not verified: numbers issued since October 2020 have none.
 */
export function readNationalId(input: string): NationalIdReading {
  const match = SHAPE.exec(input.trim());
  if (!match) return { ok: false, problem: "format" };
  const [front, back] = [match[1]!, match[2]!];
  const century = CENTURY_BY_DIGIT[back[0]!]!;
  const year = century + Number(front.slice(0, 2));
  const month = Number(front.slice(2, 4));
  const day = Number(front.slice(4, 6));
  if (!isRealDate(year, month, day)) return { ok: false, problem: "birth_date" };
  return { ok: true, normalized: front + back, birthDate: formatIsoDate(year, month, day) };
}
