/**
 * The publisher: identity of the catalog accounts first, then what their catalogs hold (read-only), the
 * plan, and (unless a dry run) each step that changes something, in order. A plan with a blocked step
 * (a version name taken by other content, two portfolios with our tag) changes nothing at all.
 */
import type { AccountPorts } from '../aws/ports';
import type { CatalogKey } from '../config/publish-schema';
import type { DeploymentConfig } from '../config/schema';
import type { Clock } from '../deploy/clock';
import { verifyIdentities } from '../deploy/identity';
import { reportingThrottles, resilientPorts } from '../deploy/resilient-ports';
import { EXIT, XacctError } from '../errors';
import type { PublishEmit } from './events';
import { executeStep, type PublishContext } from './execute-step';
import { observeCatalogs } from './observe-catalogs';
import { writes, type PublishPlan } from './plan-types';
import { nextSteps } from './next-steps';
import { planPublish } from './planner';
import type { PublishSettings } from './settings';

export interface PublishOptions {
  aws: Partial<Record<CatalogKey, AccountPorts>>;
  clock: Clock;
  emit: PublishEmit;
  dryRun: boolean;
  deprecateOlder: boolean;
  /** Delete shares of the target product's portfolio that the config no longer names. */
  pruneShares?: boolean;
  packageVersion: string;
  commit?: string;
  signal?: AbortSignal;
}

export interface PublishSummary {
  plan: PublishPlan;
  changed: number;
  unchanged: number;
}

/** The catalog accounts of a publish: only their credentials are needed. */
export const catalogAccounts = (settings: PublishSettings): CatalogKey[] => settings.catalogs.map((c) => c.key);

export async function publish(config: DeploymentConfig, settings: PublishSettings, o: PublishOptions): Promise<PublishSummary> {
  let currentStep: string | undefined;
  const resilience = reportingThrottles(o, o.emit, () => currentStep);
  const keys = catalogAccounts(settings);
  const aws = Object.fromEntries(keys.map((k) => [k, resilientPorts(o.aws[k]!, resilience)])) as Record<CatalogKey, AccountPorts>;
  await verifyIdentities(config, aws, o.emit, keys);
  const plan = planPublish(settings, await observeCatalogs(settings, aws), {
    packageVersion: o.packageVersion,
    deprecateOlder: o.deprecateOlder,
    pruneShares: o.pruneShares === true,
    ...(o.commit ? { commit: o.commit } : {}),
  });
  o.emit({ type: 'plan', plan });
  const toRun = plan.steps.filter(writes);
  const unchanged = plan.steps.filter((s) => s.action === 'none').length;
  const blocked = plan.steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) {
    throw new XacctError('plan-blocked', `${blocked.map((s) => s.reason).join('\n')}\nNothing was changed.`, EXIT.aws);
  }
  if (o.dryRun) {
    o.emit({ type: 'finished', changed: toRun.length, unchanged, dryRun: true });
    emitNextSteps(settings, plan, {}, o);
    return { plan, changed: 0, unchanged };
  }
  const ctx: PublishContext = { settings, aws, emit: o.emit, clock: o.clock, ids: { portfolio: {}, product: {} } };
  for (const [index, step] of toRun.entries()) {
    currentStep = step.id;
    o.emit({ type: 'step-started', index: index + 1, total: toRun.length, step });
    const result = await executeStep(ctx, step);
    o.emit({ type: 'step-finished', stepId: step.id, result });
  }
  o.emit({ type: 'finished', changed: toRun.length, unchanged, dryRun: false });
  emitNextSteps(settings, plan, ctx.ids.portfolio, o);
  return { plan, changed: toRun.length, unchanged };
}

/** When the portfolio is shared: what each target account does next (a portfolio created by a dry run has no id yet). */
function emitNextSteps(settings: PublishSettings, plan: PublishPlan, created: Partial<Record<CatalogKey, string>>, o: PublishOptions): void {
  const share = settings.share;
  if (!share) return;
  const step = plan.steps.find((s) => s.catalog === share.catalog && s.kind === 'portfolio');
  const portfolioId = created[share.catalog] ?? (step?.kind === 'portfolio' ? step.portfolioId : undefined) ?? '<the portfolio id>';
  o.emit({ type: 'next-steps', portfolioId, region: settings.region, accounts: nextSteps(settings, portfolioId) });
}
