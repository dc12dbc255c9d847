import { and, desc, eq, lt } from "drizzle-orm";
import type { BookingDb } from "./db";
import { type AgentAction, agentActions } from "./schema";

/** What an agent did, as the audit row is opened. */
export interface AgentActionStart {
  agentId: string;
  action: AgentAction["action"];
  cohortId?: string | null;
  bookingId?: string | null;
  at: string;
}

/**
 * Opens an audit row before the action runs (outcome `pending`), so no agent action can happen
 * without one: if this write fails, the action does not run.
 */
export async function startAgentAction(db: BookingDb, start: AgentActionStart): Promise<string> {
  const id = crypto.randomUUID();
  await db.insert(agentActions).values({
    id,
    at: start.at,
    agentId: start.agentId,
    action: start.action,
    cohortId: start.cohortId ?? null,
    bookingId: start.bookingId ?? null,
    identityKey: null,
    outcome: "pending",
  });
  return id;
}

/** Closes an audit row with its outcome (`ok` or an error code), the booking and the person's identity key. */
export async function finishAgentAction(
  db: BookingDb,
  id: string,
  end: { outcome: string; bookingId?: string | null | undefined; identityKey?: string | null | undefined },
): Promise<void> {
  await db
    .update(agentActions)
    .set({
      outcome: end.outcome,
      ...(end.bookingId ? { bookingId: end.bookingId } : {}),
      ...(end.identityKey ? { identityKey: end.identityKey } : {}),
    })
    .where(eq(agentActions.id, id));
}

/** Agent actions, newest first, a page at a time (`before` an instant), optionally for one agent. */
export function listAgentActions(
  db: BookingDb,
  query: { agentId?: string | undefined; before?: string | undefined; limit: number },
): Promise<AgentAction[]> {
  return db
    .select()
    .from(agentActions)
    .where(
      and(
        query.agentId ? eq(agentActions.agentId, query.agentId) : undefined,
        query.before ? lt(agentActions.at, query.before) : undefined,
      ),
    )
    .orderBy(desc(agentActions.at), desc(agentActions.id))
    .limit(query.limit);
}
