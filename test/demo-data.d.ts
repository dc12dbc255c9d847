// Types for the plain-JavaScript demo data of `npm start`, which a test loads through the admin API.
declare module "*/demo-data.mjs" {
  export function demoCohort(nowMs: number, opensInMs: number): Omit<import("../src/domain/cohort-config").CohortConfigInput, "id">;
  export function demoSupply(nowMs: number): Record<string, unknown>;
}
