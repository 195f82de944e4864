/**
 * A fleet target's status when its region has several targets: account A's part of it is the fleet
 * stack that serves it (by `Serves`), held against what a deploy would make that stack now
 * (deploy/fleet-source-state.ts), and its own source role in account A. The single-target collector
 * read the region's first stack as "stack A" and planned the single-target AccA-pipeline for it: both
 * are replaced here, the rest of the report (stack B, bus, upload, pipeline, release) is kept.
 */
import type { LiveRole, StackSummary } from '../aws/ports';
import type { DeploymentConfig } from '../config/schema';
import { deployedServing, fleetStackCurrent, servesOf, wantedServing, type RegionSource } from '../deploy/fleet-source-state';
import { STEP_IDS } from '../deploy/planner';
import { lastOperation } from '../deploy/stack-status';
import { foreignReason, TAG } from '../deploy/stack-tags';
import { problemsOf } from './status-report';
import type { DriftReport, StackReport, StatusReport } from './status-types';

/** What was read of account A for one target: its region's fleet stacks, and its source role (undefined: none). */
export interface FleetSourceRead {
  region: RegionSource;
  role: LiveRole | undefined;
  /** --drift of the fleet stack that serves it, detected once for all the targets it serves. */
  drift?: DriftReport;
}

/** The fleet stack a target's status reads: the one that serves it, else the one a deploy would put it in. */
export function fleetStackOf(region: RegionSource, name: string): StackSummary | undefined {
  const wanted = wantedServing(region, name);
  return deployedServing(region, name) ?? (wanted ? region.deployed.find((s) => s.name === wanted.stackName) : undefined);
}

function stackReportOf(config: DeploymentConfig, name: string, read: FleetSourceRead): { stack: StackReport; problems: string[]; pending?: StatusReport['pending'][number] } {
  const { region } = read;
  const serving = deployedServing(region, name);
  const wanted = wantedServing(region, name);
  const stack = fleetStackOf(region, name);
  const accountId = config.source.accountId;
  const where = `account A's stacks in ${region.region}`;
  if (!stack) {
    const stackName = wanted?.stackName ?? config.source.stackName;
    const problem = `${where} do not serve ${name}${region.deployed.length > 0 ? ` (${region.deployed.map((s) => `${s.name} serves ${servesOf(s).join(', ') || 'nobody'}`).join('; ')})` : ''}: deploy-sequence adds its source role and rule`;
    return { stack: { account: 'source', accountId, stack: stackName, exists: false }, problems: [problem], pending: { stepId: `source@${region.region}:${stackName}`, action: 'create', reason: problem } };
  }
  const foreign = foreignReason(stack, config.name, accountId);
  const check = fleetStackCurrent(stack, wanted);
  // Detected once per fleet stack for the targets it serves (fleet-status.ts), not by the collector.
  const drift = read.drift;
  const base: StackReport = {
    account: 'source',
    accountId,
    stack: stack.name,
    exists: true,
    status: stack.status,
    ...(stack.statusReason ? { statusReason: stack.statusReason } : {}),
    lastOperation: { ...lastOperation(stack.status), ...(stack.lastUpdated ? { at: stack.lastUpdated.toISOString() } : {}) },
    ...(foreign ? { foreign } : {}),
    template: { name: stack.tags[TAG.template] ?? '?', ...(check.deployedHash ? { deployedHash: check.deployedHash } : {}), ...(check.currentHash ? { currentHash: check.currentHash } : {}), current: check.current },
    ...(drift ? { drift } : {}),
  };
  if (foreign) return { stack: base, problems: [foreign] };
  const problems: string[] = [];
  if (!serving) problems.push(`stack ${stack.name} does not serve ${name} (its Serves output: ${servesOf(stack).join(', ') || 'none'})`);
  if (!check.current) problems.push(check.reason);
  const roleName = region.sourceRoleNames[name];
  // Deleted outside CloudFormation: the stack still declares it, and an update that changes nothing else does not recreate it.
  if (serving && roleName && !read.role) problems.push(`${name}'s source role ${roleName} in account ${accountId} does not exist, though stack ${stack.name} declares it: it was removed outside CloudFormation (xacct doctor --targets ${name} shows the chain it breaks)`);
  const d = base.drift;
  if (d && d.status !== 'IN_SYNC' && d.status !== 'UNREADABLE' && d.status !== 'NOT_CHECKED') problems.push(`stack ${stack.name}: drift ${d.status}${d.drifted.length > 0 ? ` (${d.drifted.map((r) => `${r.logicalId} ${r.status}`).join(', ')})` : ''}`);
  const pending = !serving || !check.current ? { stepId: `source@${region.region}:${stack.name}`, action: 'update', reason: !serving ? problems[0]! : check.reason } : undefined;
  return { stack: base, problems, ...(pending ? { pending } : {}) };
}

export function withFleetSource(config: DeploymentConfig, name: string, report: StatusReport, read: FleetSourceRead): StatusReport {
  const own = stackReportOf(config, name, read);
  const stacks = report.stacks.map((s) => (s.account === 'source' ? own.stack : s));
  // The single-target plan's AccA-pipeline step does not apply: account A's part is the fleet stack's.
  const pending = report.pending.filter((p) => p.stepId !== STEP_IDS.sourceStack);
  const others = problemsOf(config, { ...report, stacks: stacks.filter((s) => s.account !== 'source'), pending });
  const problems = [...others, ...own.problems];
  // A further fleet stack's drift that could not be detected is unread, as the collector reports its own.
  const unreadable = read.drift?.status === 'UNREADABLE' ? [...report.unreadable, { part: `drift of stack ${own.stack.stack}`, reason: read.drift.reason ?? 'not read' }] : report.unreadable;
  return { ...report, stacks, pending: [...pending, ...(own.pending ? [own.pending] : [])], problems, unreadable, healthy: problems.length === 0 && unreadable.length === 0 };
}

/** Account A's fleet stacks of the region could not be read (`reason`): that part is unread, and not judged against the single-target template. */
export function withFleetSourceUnread(config: DeploymentConfig, report: StatusReport, region: string, reason: string): StatusReport {
  const stacks = report.stacks.map((s) => {
    if (s.account !== 'source') return s;
    const { template: _single, drift: _drift, ...rest } = s;
    return rest;
  });
  const pending = report.pending.filter((p) => p.stepId !== STEP_IDS.sourceStack);
  const problems = problemsOf(config, { ...report, stacks: stacks.filter((s) => s.account !== 'source'), pending });
  return { ...report, stacks, pending, problems, healthy: false, unreadable: [...report.unreadable, { part: `account A's stacks in ${region}`, reason }] };
}
