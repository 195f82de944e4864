/**
 * `xacct plan --offline --engine ...` through the CLI: the StackSet operations in order with their
 * preferences, which engine `auto` picks and why, and the `stackSets:` block's problems by field name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { STACKSETS_ABOVE_TARGETS } from '../../scripts/stacksets/engine-choice';
import { fleetDoc } from './stacksets-world';

const dir = mkdtempSync(join(tmpdir(), 'xacct-stacksets-plan-'));
let n = 0;
function file(doc: Record<string, unknown>): string {
  const f = join(dir, `fleet-${++n}.yaml`);
  writeFileSync(f, dump(doc));
  return f;
}

async function plan(doc: Record<string, unknown>, ...args: string[]) {
  const io = recordingIo();
  const code = await main(['plan', '--config', file(doc), '--offline', ...args], io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const ORG = { permissionModel: 'SERVICE_MANAGED', organizationalUnitIds: ['ou-abcd-12345678'], administration: 'DELEGATED_ADMIN', maxConcurrentPercentage: 50, failureTolerancePercentage: 10 };

/** A fleet of `count` targets in one organization. */
function bigFleet(count: number): Record<string, unknown> {
  const doc = fleetDoc(ORG);
  const one = (doc.targets as Array<Record<string, unknown>>)[0]!;
  doc.targets = Array.from({ length: count }, (_, i) => {
    const accountId = String(300000000000 + i);
    return { ...one, name: `t${i}`, accountId, credentials: { profile: 'orders-dev-admin' }, pipeline: { ecsTaskExecutionRoleArn: `arn:aws:iam::${accountId}:role/ecsTaskExecutionRole`, keyAdministratorArn: `arn:aws:iam::${accountId}:role/platform-admin` } };
  });
  return doc;
}

describe('plan --engine stacksets', () => {
  it('prints the stage-1 stack set, account A\'s stacks, then the stage-2 stack set, instances in wave order with their preferences', async () => {
    const r = await plan(fleetDoc(ORG), '--engine', 'stacksets', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out) as { engine: { engine: string }; operations: Array<{ kind: string; stage?: number; wave?: number; targets: string[]; preferences?: unknown; callAs?: string; organizationalUnitIds?: string[] }> };
    expect(p.engine.engine).toBe('stacksets');
    expect(p.operations.map((o) => `${o.kind} ${o.stage ?? '-'} ${o.wave ?? '-'} ${o.targets.join(',')}`)).toEqual([
      'CreateStackSet 1 - ',
      'CreateStackInstances 1 1 dev',
      'CreateStackInstances 1 2 staging',
      'CreateStackInstances 1 2 prod',
      'UpdateSourceStacks - - dev,staging',
      'UpdateSourceStacks - - prod',
      'CreateStackSet 2 - ',
      'CreateStackInstances 2 1 dev',
      'CreateStackInstances 2 2 staging',
      'CreateStackInstances 2 2 prod',
    ]);
    expect(p.operations[0]!.callAs).toBe('DELEGATED_ADMIN');
    expect(p.operations[1]!.organizationalUnitIds).toEqual(['ou-abcd-12345678']);
    expect(p.operations[1]!.preferences).toEqual({ regionConcurrencyType: 'PARALLEL', maxConcurrentPercentage: 50, failureTolerancePercentage: 10, concurrencyMode: 'SOFT_FAILURE_TOLERANCE' });
  });

  it('prints the same as text, with the engine and why', async () => {
    const r = await plan(fleetDoc(ORG), '--engine', 'stacksets');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Engine: --engine stacksets: SERVICE_MANAGED stack sets as a delegated administrator');
    expect(r.out).toMatch(/1\. CreateStackSet stack set orders-api-AccB-pipeline-1\n/);
    expect(r.out).toContain('OperationPreferences: RegionConcurrencyType PARALLEL, MaxConcurrentPercentage 50, FailureTolerancePercentage 10, ConcurrencyMode SOFT_FAILURE_TOLERANCE');
  });

  it(`auto: the targets engine up to ${STACKSETS_ABOVE_TARGETS} targets or without an organization, StackSets above`, async () => {
    const small = await plan(fleetDoc(ORG), '--json');
    expect(JSON.parse(small.out).steps).toBeDefined();
    const noOrg = await plan({ ...bigFleet(STACKSETS_ABOVE_TARGETS + 1), stackSets: { permissionModel: 'SELF_MANAGED' } }, '--json');
    expect(JSON.parse(noOrg.out).steps).toBeDefined();
    const big = await plan(bigFleet(STACKSETS_ABOVE_TARGETS + 1), '--json');
    expect(big.err).toBe('');
    const p = JSON.parse(big.out);
    expect(p.engine).toEqual({ engine: 'stacksets', why: `auto: ${STACKSETS_ABOVE_TARGETS + 1} targets in one organization, more than ${STACKSETS_ABOVE_TARGETS}: StackSets` });
    const targets = await plan(bigFleet(STACKSETS_ABOVE_TARGETS + 1), '--json', '--engine', 'targets');
    expect(JSON.parse(targets.out).steps).toBeDefined();
  });

  it('accepts the stackSets: block examples/fleet.yaml shows (commented out there)', async () => {
    const text = readFileSync('examples/fleet.yaml', 'utf8');
    const from = text.indexOf('# stackSets:');
    // The block runs to the first blank line (the publish: block follows it).
    const block = text.slice(from).split('\n\n')[0]!.split('\n').map((l) => l.replace(/^# ?/, '')).join('\n');
    const doc = { ...(load(text) as Record<string, unknown>), ...(load(block) as Record<string, unknown>) };
    const r = await plan(doc, '--engine', 'stacksets', '--json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).operations[0].callAs).toBe('DELEGATED_ADMIN');
  });

  it('refuses a stackSets: block with problems, naming the field', async () => {
    const bad = await plan(fleetDoc({ permissionModel: 'ORG' }), '--engine', 'stacksets');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('stackSets.permissionModel');
    const noOus = await plan(fleetDoc({ permissionModel: 'SERVICE_MANAGED' }), '--engine', 'stacksets');
    expect(noOus.err).toMatch(/stackSets\.organizationalUnitIds.*is required with permissionModel SERVICE_MANAGED/);
    const delegated = await plan(fleetDoc({ permissionModel: 'SELF_MANAGED', administration: 'DELEGATED_ADMIN' }), '--engine', 'stacksets');
    expect(delegated.err).toContain('stackSets.administration');
    const pct = await plan(fleetDoc({ ...ORG, maxConcurrentPercentage: 0 }), '--engine', 'stacksets');
    expect(pct.err).toMatch(/stackSets\.maxConcurrentPercentage.*must be a whole number from 1 to 100/);
    const ou = await plan(fleetDoc({ ...ORG, organizationalUnitIds: ['finance'] }), '--engine', 'stacksets');
    expect(ou.err).toContain('stackSets.organizationalUnitIds');
  });
});
