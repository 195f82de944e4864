/**
 * The access proof's example deployment is examples/deployment.yaml: generated/ACCESS.md shows the
 * values a user copies. The proof keeps its own copy (pure and deterministic); this holds the two together.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../scripts/config/load-config';
import { statementIdOf } from '../scripts/config/schema';
import { stackParameters } from '../scripts/deploy/stack-parameters';
import { EXAMPLE } from '../scripts/access-model/example-deployment';

const config = parseConfig(readFileSync('examples/deployment.yaml', 'utf8'), 'example');
/** The parameters a stack gets from the config (not from another stack's outputs). */
const typed = (template: Parameters<typeof stackParameters>[1]) =>
  Object.fromEntries(Object.entries(stackParameters(config, template)).flatMap(([name, source]) => ('value' in source ? [[name, source.value]] : [])));

describe('the example deployment of the access proof', () => {
  it('has the accounts, region, stack names and bus statement id of examples/deployment.yaml', () => {
    expect(EXAMPLE.accounts.A).toBe(config.source.accountId);
    expect(EXAMPLE.accounts.B).toBe(config.target.accountId);
    expect(EXAMPLE.region).toBe(config.region);
    expect(EXAMPLE.stackNames).toEqual({ A: config.source.stackName, B: config.target.stackName });
    expect(EXAMPLE.busStatementId).toBe(statementIdOf(config));
  });

  it.each([
    ['AccB-pipeline-1', () => EXAMPLE.typed.B],
    ['AccA-pipeline', () => EXAMPLE.typed.A],
    ['AccB-pipeline-2', () => ({ ...EXAMPLE.typed.B, ...EXAMPLE.typed.B2 })],
  ] as const)('gives %s the parameter values the deployer takes from examples/deployment.yaml', (template, values) => {
    expect(values()).toEqual(typed(template));
  });
});
