// What a person is told when the national ID number they typed cannot be read.

/** What a person is told when their national ID number cannot be read (the API and the pages say the same). */
export const NATIONAL_ID_PROBLEMS = {
  format: {
    en: "The number must have 13 digits, written YYMMDD-NNNNNNN or without the dash (e.g. 680101-1234567).",
    ko: "주민등록번호는 13자리 숫자로 입력해 주세요 (예: 680101-1234567).",
  },
  birth_date: { en: "The first six digits are not a real date of birth.", ko: "주민등록번호 앞 6자리가 올바른 생년월일이 아닙니다." },
} as const;
