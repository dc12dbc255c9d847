import type { Secrets } from "../config/secrets";

/** Types of the Hono app: the Worker bindings and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: { secrets: Secrets };
}
