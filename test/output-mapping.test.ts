/**
 * The access proof resolves stack parameters from earlier stacks' outputs with its own table; the
 * deployer uses stackParameters. They must agree, or the proof could pass for a wiring the deployer
 * does not build.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../scripts/config/load-config';
import { statementIdOf } from '../scripts/config/schema';
import { stackParameters } from '../scripts/deploy/stack-parameters';
import { EXAMPLE, OUTPUT_TO_PARAMETER } from '../scripts/access-model/example-deployment';

const config = parseConfig(readFileSync('examples/deployment.yaml', 'utf8'), 'example');
const templateOfStack = (stack: string) => (stack === config.target.stackName ? 'AccB-pipeline-1' : 'AccA-pipeline');

describe('the proof wires outputs to parameters exactly as the deployer does', () => {
  it.each(['AccA-pipeline', 'AccB-pipeline-2'] as const)('%s', (template) => {
    const deployer = Object.fromEntries(
      Object.entries(stackParameters(config, template)).flatMap(([name, source]) => ('fromStack' in source ? [[name, { from: templateOfStack(source.fromStack), output: source.output }]] : [])),
    );
    expect(OUTPUT_TO_PARAMETER[template]).toEqual(deployer);
  });

  it('uses the bus statement id the deployer derives from the deployment name', () => {
    expect(EXAMPLE.busStatementId).toBe(statementIdOf({ ...config, name: 'orders-api' }));
  });
});
