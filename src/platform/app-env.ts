import type { ClaimsByUse, TokenUse } from "../crypto/tokens";
import type { Secrets } from "./secrets";

/** Types of the Hono app: the Worker bindings and what middleware puts on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    secrets: Secrets;
    /** Claims of the token a gate verified for this request. */
    claims: ClaimsByUse[TokenUse];
    /** The call-centre agent the agent gate let in. */
    agentId: string;
  };
}
