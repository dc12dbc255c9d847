import type { ValidationTargets } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError } from "./errors";

/** What a `valid` middleware checks; the OpenAPI document is generated from these. */
export interface Validation {
  target: keyof ValidationTargets;
  schema: z.ZodType;
}

const validations = new WeakMap<object, Validation>();

/** Describes the first problem of a zod error as `path: message`. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.length > 0 ? issue.path.join(".") : "(body)";
  return `${path}: ${issue.message}`;
}

/**
 * Validates one part of the request with a zod schema; a failure is an `invalid_input` error
 * naming the field, and the handler never runs.
 */
export function valid<Target extends keyof ValidationTargets, Schema extends z.ZodType>(target: Target, schema: Schema) {
  const middleware = validator(target, (value): z.output<Schema> => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new ApiError("invalid_input", {
        detail: `Invalid ${target}: ${describeIssues(result.error)}`,
        details: result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    return result.data;
  });
  validations.set(middleware, { target, schema });
  return middleware;
}

/** The validation a route handler performs, if it is a `valid` middleware. */
export function validationOf(handler: object): Validation | undefined {
  return validations.get(handler);
}
