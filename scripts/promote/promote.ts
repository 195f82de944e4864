/**
 * `xacct promote --wave N`: the digest every target of wave N-1 runs, healthy, becomes the image of wave
 * N by tagging it `waveTag(imageTag, N)` (each target's `releaseTag`) in account A's repository, which wave N's pipelines watch
 * (templates-src/wave-tag.ts). The tag is a push to ECR, so ECR's push event starts wave N's pipelines
 * the way a developer's push starts wave 1's.
 *
 * Refuses, with every target's reasons and nothing tagged, when a target of wave N-1 is not healthy
 * (target-health.ts) or when they run different digests and none was named. A repository that already
 * carries the tag on that digest is left alone: a second promote writes nothing.
 */
import { describeAwsFailure } from '../aws/aws-errors';
import type { AccountPorts } from '../aws/ports';
import { EXIT, XacctError } from '../errors';
import type { ResolvedTarget } from '../targets/resolve-targets';
import { mapBounded } from './bounded';
import type { PromoteResult, TagOutcome, TargetHealth } from './promote-types';
import { targetHealth } from './target-health';

export interface PromoteOptions {
  wave: number;
  /** The digest to promote; absent: the one every target of the wave before runs. */
  digest?: string;
  dryRun: boolean;
  /** How many targets are read at a time. */
  concurrency: number;
  /** The ports of one target's account (`target`) or of account A in its region (`source`). */
  connect: (t: ResolvedTarget, account: 'source' | 'target') => Promise<AccountPorts>;
  /** A line of progress (stderr). */
  progress: (line: string) => void;
  /** Asked once before the first write; false: nothing is tagged. */
  confirm: (question: string) => Promise<boolean>;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** One repository (and wave tag) per account A stack: the regions of the wave's targets (account A serves a region from one stack). */
function repositoriesOf(targets: ResolvedTarget[]): Array<{ via: ResolvedTarget; repository: string; targets: string[] }> {
  const byKey = new Map<string, { via: ResolvedTarget; repository: string; targets: string[] }>();
  for (const t of targets) {
    const key = `${t.source.accountId}/${t.region}/${t.pipeline.repositoryName}/${t.releaseTag}`;
    const entry = byKey.get(key) ?? { via: t, repository: t.pipeline.repositoryName, targets: [] };
    entry.targets.push(t.name);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}

export async function promote(all: ResolvedTarget[], o: PromoteOptions): Promise<PromoteResult> {
  if (!Number.isInteger(o.wave) || o.wave < 2) throw new XacctError('promote-wave', `--wave must be 2 or more (wave 1 releases on every push); got ${o.wave}.`, EXIT.usage);
  if (o.digest !== undefined && !DIGEST.test(o.digest)) throw new XacctError('promote-digest', `DIGEST must be an image digest, sha256: and 64 hex digits; got ${o.digest}.`, EXIT.usage);
  const waves = [...new Set(all.map((t) => t.wave))].sort((a, b) => a - b);
  const before = all.filter((t) => t.wave === o.wave - 1);
  const next = all.filter((t) => t.wave === o.wave);
  if (next.length === 0) throw new XacctError('promote-no-wave', `no target is in wave ${o.wave}: the config's waves are ${waves.join(', ')}.`, EXIT.usage);
  if (before.length === 0) throw new XacctError('promote-no-wave', `no target is in wave ${o.wave - 1}, whose health promote checks: the config's waves are ${waves.join(', ')}.`, EXIT.usage);
  // The tag wave N watches (wave-tag.ts); each repository gets the tag of the targets it serves.
  const tag = next[0]!.releaseTag;

  o.progress(`checking ${before.length} target${before.length === 1 ? '' : 's'} of wave ${o.wave - 1}: ${before.map((t) => t.name).join(', ')}`);
  const checked: TargetHealth[] = await mapBounded(before, o.concurrency, async (t) => {
    const health = await targetHealth(t, await o.connect(t, 'target'));
    o.progress(`  ${t.name}: ${health.healthy ? `healthy on ${health.digest}` : health.reasons.join('; ')}`);
    for (const w of health.warnings) o.progress(`  ${t.name}: warning: ${w}`);
    return health;
  });
  const refused = (reasons: string[], digest?: string): PromoteResult => ({ wave: o.wave, tag, ...(digest ? { digest } : {}), outcome: 'refused', reasons, checked, tagged: [] });

  const running = [...new Set(checked.flatMap((h) => (h.digest ? [h.digest] : [])))];
  const digest = o.digest ?? (running.length === 1 ? running[0] : undefined);
  if (!o.digest && running.length > 1) {
    return refused([
      ...checked.flatMap((h) => h.reasons.map((r) => `${h.target}: ${r}`)),
      `the targets of wave ${o.wave - 1} run different digests (${checked.map((h) => `${h.target}: ${h.digest ?? 'none'}`).join(', ')}): name the DIGEST to promote once they agree`,
    ]);
  }
  const reasons = checked.flatMap((h) => [
    ...h.reasons.map((r) => `${h.target}: ${r}`),
    ...(digest && h.digest && h.digest !== digest ? [`${h.target}: runs ${h.digest}, not ${digest}`] : []),
  ]);
  if (!digest) return refused([...reasons, `no target of wave ${o.wave - 1} has released a digest yet`]);
  if (reasons.length > 0) return refused(reasons, digest);

  // Read first: a repository whose tag is on the digest already needs no write.
  const repositories = repositoriesOf(next);
  const current = await Promise.all(
    repositories.map(async (r) => {
      const source = await o.connect(r.via, 'source');
      // Tag only in account A: credentials of another account would tag (or miss) a repository of the same name there.
      const account = r.via.source.accountId;
      const guard = <T>(doing: string, p: Promise<T>) => p.catch((e) => Promise.reject(describeAwsFailure(e, doing, account)));
      const who = await guard('checking who the credentials are (STS GetCallerIdentity)', source.sts.callerIdentity());
      if (who.account !== r.via.source.accountId) {
        throw new XacctError('wrong-account', `the credentials for account A (${r.via.region}) are of account ${who.account} (${who.arn}), not ${r.via.source.accountId}: nothing was tagged.`, EXIT.aws);
      }
      const image = await guard(`looking up ${r.repository}:${r.via.releaseTag}`, source.ecr.imageOfTag(r.repository, r.via.releaseTag));
      return { ...r, source, guard, done: image?.digest === digest };
    }),
  );
  const outcome = (r: (typeof current)[number], result: TagOutcome['outcome']): TagOutcome => ({ accountId: r.via.source.accountId, region: r.via.region, repository: r.repository, outcome: result, targets: r.targets });
  const todo = current.filter((r) => !r.done);
  if (todo.length === 0) {
    o.progress(`${tag} is already on ${digest} in every repository wave ${o.wave} watches: nothing to do`);
    return { wave: o.wave, tag, digest, outcome: 'unchanged', reasons: [], checked, tagged: current.map((r) => outcome(r, 'unchanged')) };
  }
  if (o.dryRun) {
    return { wave: o.wave, tag, digest, outcome: 'dry-run', reasons: [], checked, tagged: current.map((r) => outcome(r, r.done ? 'unchanged' : 'would-tag')) };
  }
  const where = todo.map((r) => `${r.repository} in account ${r.via.source.accountId} (${r.via.region})`).join(', ');
  if (!(await o.confirm(`Tag ${digest} as ${tag} in ${where}? This starts the pipelines of wave ${o.wave} (${todo.flatMap((r) => r.targets).join(', ')}).`))) {
    throw new XacctError('promote-not-confirmed', `Not confirmed: nothing was tagged. Run again with --yes to tag ${tag} without asking.`, EXIT.notConfirmed);
  }
  const tagged: TagOutcome[] = [];
  for (const r of current) {
    if (r.done) {
      tagged.push(outcome(r, 'unchanged'));
      continue;
    }
    const t = r.via.releaseTag;
    o.progress(`tagging ${r.repository}@${digest} as ${t} in account ${r.via.source.accountId} (${r.via.region})`);
    const result = await r.guard(`tagging ${r.repository}@${digest} as ${t}`, r.source.ecr.retag(r.repository, digest, t));
    if (result === 'missing') {
      throw new XacctError(
        'promote-digest-missing',
        `${r.repository} in account ${r.via.source.accountId} (${r.via.region}) holds no image ${digest}: the image must be in the repository of every region wave ${o.wave} runs in (push it there, or replicate it)${tagged.length > 0 ? `; already tagged: ${tagged.map((x) => `${x.repository} (${x.region})`).join(', ')}` : ''}.`,
        EXIT.aws,
      );
    }
    tagged.push(outcome(r, result === 'tagged' ? 'tagged' : 'unchanged'));
  }
  return { wave: o.wave, tag, digest, outcome: 'promoted', reasons: [], checked, tagged };
}
