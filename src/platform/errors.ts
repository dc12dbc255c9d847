import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ERROR_TEXT } from "../copy/errors";

/** The HTTP status of every error the API answers with; the sentences are in src/copy/errors.ts. */
export const ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  grant_required: 401,
  grant_invalid: 403,
  not_eligible: 403,
  turnstile_required: 403,
  not_open: 403,
  cohort_not_found: 404,
  booking_not_found: 404,
  slot_not_found: 404,
  not_found: 404,
  already_booked: 409,
  slot_full: 409,
  rate_limited: 429,
  sold_out: 409,
  dose2_unavailable: 409,
  booking_not_active: 409,
  identity_mismatch: 403,
  booking_code_mismatch: 404,
  id_check_locked: 429,
  internal: 500,
  unavailable: 503,
  config_conflict: 409,
  on_hold: 503,
  notify_unavailable: 409,
} as const satisfies Record<keyof typeof ERROR_TEXT, ContentfulStatusCode>;

/** A stable, public error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; messageKo: string; details?: unknown };
}

/**
 * A refusal with a stable code. Handlers throw it; `app.onError` renders it.
 * `detail` adds a specific English sentence (e.g. which field, when it opens).
 */
export class ApiError extends HTTPException {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly detailKo: string | undefined;

  constructor(code: ErrorCode, options: { detail?: string; detailKo?: string; details?: unknown } = {}) {
    super(ERROR_STATUS[code], { message: options.detail ?? ERROR_TEXT[code].en });
    this.code = code;
    this.details = options.details;
    this.detailKo = options.detailKo;
  }

  /** The response body for this error. */
  body(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        messageKo: this.detailKo ?? ERROR_TEXT[this.code].ko,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}
