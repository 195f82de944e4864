/** Each target resolved once: examples/fleet.yaml's three targets, and the single-target config as a fleet of one. */
import { readFileSync } from 'node:fs';
import { parseConfig, parseFleetConfig } from '../../scripts/config/load-config';
import { resolveSingle, resolveTargets } from '../../scripts/targets/resolve-targets';
import { selectTargets } from '../../scripts/targets/select-targets';
import { stackParameters } from '../../scripts/deploy/stack-parameters';
import { TEMPLATES } from '../../templates-src';

const fleet = resolveTargets(parseFleetConfig(readFileSync('examples/fleet.yaml', 'utf8'), 'fleet'));

describe('resolveTargets', () => {
  it('gives each target of examples/fleet.yaml its accounts, region, wave, prefix and statement', () => {
    expect(fleet.map((t) => [t.name, t.wave, t.region, t.target.accountId, t.source.accountId, t.source.region, t.namePrefix, t.statementId])).toEqual([
      ['dev', 1, 'eu-west-1', '444455556666', '111122223333', 'eu-west-1', 'orders-api-dev', 'xacct-orders-api'],
      ['staging', 2, 'eu-west-1', '555566667777', '111122223333', 'eu-west-1', 'orders-api-staging', 'xacct-orders-api'],
      ['prod', 3, 'us-east-1', '777788889999', '111122223333', 'us-east-1', 'orders-api-prod', 'xacct-orders-api'],
    ]);
    expect(fleet[2].pipeline.ecsCluster).toBe('orders-prod');
    expect(fleet[2].parameters['AccB-pipeline-1'].EcsClusterName).toEqual({ value: 'orders-prod' });
    expect(fleet[0].parameters['AccB-pipeline-1'].NamePrefix).toEqual({ value: 'orders-api-dev' });
  });

  it('resolves a single-target config to one target with the parameter table of every template', () => {
    const config = parseConfig(readFileSync('examples/deployment.yaml', 'utf8'), 'example');
    const one = resolveSingle(config);
    expect([one.name, one.deployment, one.wave, one.region, one.namePrefix]).toEqual(['orders-api', 'orders-api', 1, 'eu-west-1', 'orders-api']);
    for (const t of TEMPLATES) expect(one.parameters[t.name]).toEqual(stackParameters(config, t.name));
  });
});

describe('selectTargets', () => {
  const names = (ts: typeof fleet) => ts.map((t) => t.name);
  it('keeps the named targets or the targets of one wave, in the config order', () => {
    expect(names(selectTargets(fleet, { names: ['prod', 'dev'] }))).toEqual(['dev', 'prod']);
    expect(names(selectTargets(fleet, { wave: 2 }))).toEqual(['staging']);
    expect(names(selectTargets(fleet, {}))).toEqual(['dev', 'staging', 'prod']);
  });

  it('refuses a name the config does not have, and a wave with no target', () => {
    expect(() => selectTargets(fleet, { names: ['qa'] })).toThrow('--targets names qa, which the config does not have: its targets are dev, staging, prod.');
    expect(() => selectTargets(fleet, { wave: 7 })).toThrow("no target is in wave 7: the config's waves are 1, 2, 3.");
  });
});
