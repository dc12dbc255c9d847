/** Cloudflare's server-side verification endpoint for Turnstile tokens. */
export const SITEVERIFY_URL = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The action our join widget declares; a token minted for any other action is refused. */
export const TURNSTILE_ACTION = "join";

/** The form field Turnstile's widget puts its token in (Cloudflare's default `response-field-name`). */
export const TURNSTILE_RESPONSE_FIELD = "cf-turnstile-response";

/** Why a Turnstile token was not accepted. */
export type TurnstileProblem = "missing" | "rejected" | "unreachable" | "wrong_hostname" | "wrong_action";

/**
 * Verifies a Turnstile token with Cloudflare. Fails closed: if the verifier cannot be reached or
 * answers anything unexpected, the token is not accepted. Cloudflare redeems a token once, so a
 * replayed token is rejected there.
 */
export async function verifyTurnstile(options: {
  secret: string | undefined;
  token: string | undefined;
  remoteIp: string | undefined;
  hostname: string;
  fetcher?: typeof fetch;
}): Promise<{ ok: true } | { ok: false; problem: TurnstileProblem }> {
  if (!options.token || !options.secret) return { ok: false, problem: "missing" };
  const form = new FormData();
  form.append("secret", options.secret);
  form.append("response", options.token);
  if (options.remoteIp) form.append("remoteip", options.remoteIp);
  let outcome: { success?: unknown; hostname?: unknown; action?: unknown };
  try {
    const response = await (options.fetcher ?? fetch)(SITEVERIFY_URL, { method: "POST", body: form, signal: AbortSignal.timeout(3000) });
    if (!response.ok) return { ok: false, problem: "unreachable" };
    outcome = await response.json();
  } catch {
    return { ok: false, problem: "unreachable" };
  }
  if (outcome.success !== true) return { ok: false, problem: "rejected" };
  if (outcome.hostname !== options.hostname) return { ok: false, problem: "wrong_hostname" };
  if (outcome.action !== TURNSTILE_ACTION) return { ok: false, problem: "wrong_action" };
  return { ok: true };
}
