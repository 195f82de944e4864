/**
 * A profile that assumes a role with an MFA device (`role_arn`, `source_profile`, `mfa_serial`, as the
 * AWS CLI user guide shows): the SDK needs a code provider, which asks on the terminal; without a
 * terminal the run stops and says what to do (the SDK's own error: "requires multi-factor authentication").
 */
import { appendFileSync } from 'node:fs';
import { main } from '../../scripts/cli/main';
import { recordingIo } from '../../scripts/cli/io';
import { ACCOUNT_B, exampleConfig, twoAccountWorld, type World } from '../helpers/deploy-world';

const ROLE = `arn:aws:iam::${ACCOUNT_B}:role/deployer`;
const SERIAL = `arn:aws:iam::${ACCOUNT_B}:mfa/alice`;

let world: World;
let file: string;
beforeEach(() => {
  world = twoAccountWorld();
  world.aws.addRole(ROLE, [ACCOUNT_B], { mfaCode: '123456' });
  appendFileSync(process.env.AWS_CONFIG_FILE!, `[profile team-b-mfa]\nrole_arn = ${ROLE}\nsource_profile = team-b\nmfa_serial = ${SERIAL}\n`);
  file = world.writeConfig(exampleConfig({ target: { accountId: ACCOUNT_B, credentials: { profile: 'team-b-mfa' }, stackName: 'orders-api-target' } }));
});
afterEach(() => world.restore());

it('asks for the code on the terminal and assumes the role with it', async () => {
  const io = recordingIo(undefined, false, ['123456']);
  const code = await main(['plan', '--config', file, '--json'], io, world.deps);
  expect(io.stderr()).toBe('');
  expect(code).toBe(0);
  expect(io.questions).toEqual([`MFA code for ${SERIAL} (target account ${ACCOUNT_B}): `]);
  // The plan's reads in account B were made as the assumed role.
  expect(world.aws.callsOf('AssumeRole')).toHaveLength(1);
  expect(world.aws.calls.filter((c) => c.account === ACCOUNT_B && c.command === 'GetCallerIdentity')).toHaveLength(1);
});

it('without a terminal, stops before any call in that account and says how to get credentials that need no code', async () => {
  const io = recordingIo();
  expect(await main(['plan', '--config', file], io, world.deps)).toBe(2);
  expect(io.stderr()).toContain(`use a profile with an MFA device (${SERIAL}), and no terminal can answer the code prompt`);
  expect(io.stderr()).toContain(`aws sts get-session-token --serial-number ${SERIAL} --token-code <code>`);
  expect(world.aws.callsOf('AssumeRole')).toEqual([]);
});

it('a code that is not six digits is refused before it is sent', async () => {
  const io = recordingIo(undefined, false, ['12ab']);
  expect(await main(['plan', '--config', file], io, world.deps)).toBe(2);
  expect(io.stderr()).toContain(`the MFA code for ${SERIAL} must be 6 digits; got "12ab"`);
  expect(world.aws.callsOf('AssumeRole')).toEqual([]);
});
