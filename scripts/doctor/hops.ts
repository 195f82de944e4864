/**
 * The way from a push to a running task, hop by hop, and which checks speak for each hop: the rules,
 * roles and policies the hop runs through, and what the last execution said about it.
 */
import type { ActionExecution } from '../aws/ports';
import type { AccountKey } from '../deploy/plan-types';
import type { HopId, HopVerdict, PolicyCheck } from './doctor-types';

const HOPS: ReadonlyArray<{ hop: HopId; title: string }> = [
  { hop: 'push', title: 'push: an image with the tracked tag in the repository (account A)' },
  { hop: 'event-in-a', title: 'event in A: the forwarding rule and its role (account A)' },
  { hop: 'forward-to-b', title: "forwarded to B: account A's statement on the default bus (account B)" },
  { hop: 'trigger', title: 'trigger: the rules that start the pipeline and their role (account B)' },
  { hop: 'ecr-source', title: 'ECR source in A: the pipeline role assumes the source role, which reads the image (both accounts)' },
  { hop: 'artifact', title: 'artifact in B: the artifact bucket and key, the source bucket (account B)' },
  { hop: 'ecs-deploy', title: 'ECS deploy: the pipeline role updates the service (account B)' },
  { hop: 'image-pull', title: 'image pull: the repository policy lets the task execution role pull (account A)' },
];

/** Which hops a check speaks for, by the resource it read (the templates' logical ids). */
const RESOURCE_HOPS: Record<string, Partial<Record<AccountKey, HopId[]>>> = {
  ForwardingRule: { source: ['event-in-a'] },
  ForwardingRole: { source: ['event-in-a'] },
  'default-bus': { target: ['forward-to-b'] },
  TriggerRule: { target: ['trigger'] },
  ImageDefinitionsTriggerRule: { target: ['trigger'] },
  TriggerRole: { target: ['trigger'] },
  SourceRole: { source: ['ecr-source', 'artifact'] },
  PipelineRole: { target: ['ecr-source', 'artifact', 'ecs-deploy'] },
  ArtifactBucketPolicy: { target: ['artifact'] },
  SourceBucketPolicy: { target: ['artifact'] },
  ArtifactKey: { target: ['artifact'] },
  Repository: { source: ['image-pull'] },
};

/** Account A's fleet stack names a target's parts after it (`SourceRoleDev`, `ForwardingRuleWave1Group1`: templates-src/acc-a-fleet.ts). */
const singleTargetId = (resource: string): string => (/^SourceRole(?!Policy)./.test(resource) ? 'SourceRole' : resource.startsWith('ForwardingRule') ? 'ForwardingRule' : resource);

const hopsOfCheck = (c: PolicyCheck): HopId[] => RESOURCE_HOPS[c.resource]?.[c.account] ?? RESOURCE_HOPS[singleTargetId(c.resource)]?.[c.account] ?? [];

/** The hop a pipeline action belongs to: the ECR source, the other sources and steps that handle artifacts, the deploy. */
function hopOfAction(a: ActionExecution): HopId {
  if (a.stage === 'Source') return a.action === 'Image' ? 'ecr-source' : 'artifact';
  if (a.stage === 'Deploy') return 'ecs-deploy';
  return 'artifact';
}

const describe = (c: PolicyCheck): string => {
  if (c.state === 'missing') return `${c.label}: missing (${c.reason ?? 'not found'})`;
  if (c.state === 'unreadable') return `${c.label}: could not be read (${c.reason ?? 'no reason given'})`;
  const notes = c.differences.flatMap((d) => (d.note ? [d.note] : []));
  return `${c.label}: ${c.differences.map((d) => `${d.statement} ${d.change}`).join(', ')} against the deployed template${notes.length > 0 ? ` — ${[...new Set(notes)].join(' ')}` : ''}`;
};

export interface HopInputs {
  checks: PolicyCheck[];
  failedAction?: ActionExecution;
  /** Findings of a hop that no policy check covers (no image yet, a stack that is not there). */
  extra: Partial<Record<HopId, { verdict: HopVerdict['verdict']; finding: string }>>;
}

export function hopVerdicts(inputs: HopInputs): HopVerdict[] {
  return HOPS.map(({ hop, title }) => {
    const findings: string[] = [];
    let verdict: HopVerdict['verdict'] = 'ok';
    const worst = (v: HopVerdict['verdict']) => {
      const rank = { ok: 0, 'not-deployed': 1, unknown: 2, problem: 3 } as const;
      if (rank[v] > rank[verdict]) verdict = v;
    };
    const extra = inputs.extra[hop];
    if (extra) {
      findings.push(extra.finding);
      worst(extra.verdict);
    }
    for (const c of inputs.checks.filter((x) => hopsOfCheck(x).includes(hop) && x.state !== 'same')) {
      findings.push(describe(c));
      worst(c.state === 'unreadable' ? 'unknown' : 'problem');
    }
    const failed = inputs.failedAction;
    if (failed && hopOfAction(failed) === hop) {
      findings.push(`the last execution failed here: ${failed.stage}/${failed.action}: ${failed.error ?? failed.summary ?? 'no message'}`);
      worst('problem');
    }
    return { hop, title, verdict, findings };
  });
}
