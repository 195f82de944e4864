/** What `xacct promote` reports: each checked target of the wave before, and what was tagged where. */

/** One target of the wave before, as promote found it. */
export interface TargetHealth {
  target: string;
  wave: number;
  accountId: string;
  region: string;
  /** The digest the pipeline's latest execution released (its ECR source revision), when it read one. */
  digest?: string;
  healthy: boolean;
  /** Why the target is not healthy: each one a sentence. */
  reasons: string[];
  /** What is healthy but worth a word (no circuit breaker with rollback on the ECS service). */
  warnings: string[];
}

/** One repository of account A a wave's pipelines watch (one per region of the wave's targets). */
export interface TagOutcome {
  accountId: string;
  region: string;
  repository: string;
  /** tagged: PutImage wrote the tag; unchanged: the tag was already on the digest; would-tag: --dry-run. */
  outcome: 'tagged' | 'unchanged' | 'would-tag';
  /** The targets of the wave whose pipelines watch this repository. */
  targets: string[];
}

export interface PromoteResult {
  wave: number;
  tag: string;
  digest?: string;
  /** promoted: every repository carries the tag; refused: nothing was tagged (reasons below). */
  outcome: 'promoted' | 'unchanged' | 'refused' | 'dry-run';
  reasons: string[];
  checked: TargetHealth[];
  tagged: TagOutcome[];
}
