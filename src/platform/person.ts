import { NATIONAL_ID_PROBLEMS } from "../copy/national-id";
import { identityKey } from "../crypto/identity";
import { readNationalId } from "../domain/national-id";
import { ApiError } from "./errors";

/** A person as the server knows them: identity key and birth date, never the raw number. */
export interface Person {
  identity: string;
  birthDate: string;
}

/** Reads a national ID number into a person, or refuses it with a precise `invalid_input`. */
export async function personFrom(nationalId: string, idHashKey: string): Promise<Person> {
  const reading = readNationalId(nationalId);
  if (!reading.ok) {
    const problem = NATIONAL_ID_PROBLEMS[reading.problem];
    throw new ApiError("invalid_input", { detail: `nationalId: ${problem.en}`, detailKo: problem.ko });
  }
  return { identity: await identityKey(idHashKey, reading.normalized), birthDate: reading.birthDate };
}
