// How the cohort's object reaches its intake shards: each shard's address, and calls to all of them at once.
import type { CohortConfig } from "../../domain/cohort-config";
import { shardOf } from "../../domain/intake";
import type { AdmissionPush, ShardAddress, ShardReport, ShardSnapshot } from "../shard/types";
import { intakeShard } from "../stubs";

/** A stub of one intake shard. */
export type ShardStub = ReturnType<typeof intakeShard>;

/** The shards of the cohort `config` names, as the cohort's object calls them. */
export class ShardCalls {
  readonly #env: Env;
  readonly #config: CohortConfig;

  constructor(env: Env, config: CohortConfig) {
    this.#env = env;
    this.#config = config;
  }

  get count(): number {
    return this.#config.intake.shards;
  }

  address(shard: number): ShardAddress {
    return { cohortId: this.#config.id, shard };
  }

  stub(shard: number): ShardStub {
    return intakeShard(this.#env, this.address(shard));
  }

  /** The address of the shard that holds a person's place. */
  addressOf(identity: string): ShardAddress {
    return this.address(shardOf(identity, this.count));
  }

  /** The shard that holds a person's place. */
  of(identity: string): ShardStub {
    return intakeShard(this.#env, this.addressOf(identity));
  }

  /** One call to every shard, in parallel; fails if any fails. */
  each<T>(call: (shard: ShardStub, address: ShardAddress) => Promise<T>): Promise<T[]> {
    return Promise.all(this.#indexes().map((s) => call(this.stub(s), this.address(s))));
  }

  /** One call to every shard, in parallel; each answer by shard, null where the shard did not answer. */
  async eachSettled<T>(call: (shard: ShardStub, address: ShardAddress) => Promise<T>): Promise<Array<T | null>> {
    const answers = await Promise.allSettled(this.#indexes().map((s) => call(this.stub(s), this.address(s))));
    return answers.map((a) => (a.status === "fulfilled" ? a.value : null));
  }

  /** Tells every shard how far admission reached, with its re-entry grants; each report that came back, by shard (null: it failed). */
  async admit(push: Omit<AdmissionPush, "reentries">, quotas: readonly number[]): Promise<Array<ShardReport | null>> {
    const reports = await Promise.allSettled(
      this.#indexes().map((s) => this.stub(s).admit({ ...push, reentries: quotas[s] ?? 0 }, this.address(s))),
    );
    return reports.map((report, shard) => {
      if (report.status === "fulfilled") return report.value;
      console.error("admission push failed", { shard, message: String(report.reason).split("\n", 1)[0] });
      return null;
    });
  }

  /** Hands a snapshot to every shard (or to `only` those); the shards that did not take it come back. */
  async share(snapshot: ShardSnapshot, only?: readonly number[]): Promise<number[]> {
    const shards = only ? only.filter((s) => s < this.count) : this.#indexes();
    const sent = await Promise.allSettled(shards.map((s) => this.stub(s).receiveSnapshot(snapshot, this.address(s))));
    return shards.filter((_, i) => sent[i]!.status === "rejected");
  }

  #indexes(): number[] {
    return Array.from({ length: this.count }, (_, i) => i);
  }
}
