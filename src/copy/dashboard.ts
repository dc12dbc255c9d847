// What the operators' dashboard says in sentences (its figure labels stay beside the figures).
import type { Said } from "./refusals";

/** The warning over a cohort's stats while some of its intake shards did not answer (shard numbers from 0). */
export function shardsMissingWarning(shards: readonly number[]): Said {
  const list = shards.join(", ");
  return {
    en: `Intake shards not answering: ${list}. Their people are left out of the pre-queue, waiting and booking-step figures, which read low until they answer. Their places are kept, admission counts them as holding grants until they report, and their refusals are counted once they do.`,
    ko: `응답하지 않는 접수 샤드: ${list}. 이 샤드의 인원이 사전 대기열, 대기, 예약 단계 수치에서 빠져 있어, 샤드가 다시 응답할 때까지 수치가 실제보다 낮습니다. 이 샤드의 순번은 그대로 유지되고, 보고가 올 때까지 입장 계산은 이 샤드가 입장권을 가진 것으로 셉니다. 거부 건수는 다시 응답하면 집계됩니다.`,
  };
}
