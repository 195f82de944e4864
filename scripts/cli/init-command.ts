/**
 * `xacct init --config F`: writes a commented starter config from flags, discovering what they leave
 * out where the credentials work: each account id (STS GetCallerIdentity), the region of a profile (the
 * AWS config file, no call), the ECS cluster and service (the only one, or one chosen at a terminal),
 * the container of the service's task definition (ECS), the key
 * administrator (the identity that runs init in account B). Refuses to overwrite a file. Asks for a
 * missing value only when a terminal can answer.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../config/load-config';
import { nameFrom, starterConfig, type StarterValues } from '../config/starter-config';
import type { DeploymentConfig } from '../config/schema';
import { EXIT, environmentError, usageError, type ExitCode } from '../errors';
import type { Io } from './io';
import type { RunDeps } from './run-deps';

export interface InitOptions {
  config: string;
  name?: string;
  sourceAccount?: string;
  targetAccount?: string;
  sourceProfile?: string;
  targetProfile?: string;
  region?: string;
  repository?: string;
  cluster?: string;
  service?: string;
  container?: string;
  discover: boolean;
  json: boolean;
}

type Key = 'sourceAccount' | 'targetAccount' | 'sourceProfile' | 'targetProfile' | 'region' | 'repository' | 'cluster' | 'service' | 'container';
const FLAGS: Record<Key, string> = {
  sourceAccount: '--source-account',
  targetAccount: '--target-account',
  sourceProfile: '--source-profile',
  targetProfile: '--target-profile',
  region: '--region',
  repository: '--repository',
  cluster: '--cluster',
  service: '--service',
  container: '--container',
};
const ACCOUNT_ID = /^\d{12}$/;

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * The one cluster or service of `names`: the only one, or, of several, the one a person at the terminal
 * names; undefined (with a note naming them) when there is none or nobody to ask.
 */
async function chooseOne(io: Io, what: 'cluster' | 'service', names: string[], where: string, origins: Record<string, string>, notes: string[]): Promise<string | undefined> {
  if (names.length === 1) {
    origins[what] = `discovered: the only ${what} of ${where}`;
    return names[0];
  }
  if (names.length === 0) {
    notes.push(`${where} has no ECS ${what}: create it first, or pass --${what}.`);
    return undefined;
  }
  if (io.ask) {
    const answer = (await io.ask(`${what} (${where} has ${names.join(', ')}): `)).trim();
    if (names.includes(answer)) {
      origins[what] = `chosen of the ${what}s of ${where}`;
      return answer;
    }
  }
  notes.push(`${where} has ${names.length} ECS ${what}s (${names.join(', ')}): pass --${what} with one of them.`);
  return undefined;
}

export async function runInit(options: InitOptions, io: Io, deps: RunDeps = {}): Promise<ExitCode> {
  const file = resolve(options.config);
  const values: Partial<Record<Key, string>> = {};
  const origins: Record<string, string> = {};
  const notes: string[] = [];
  for (const k of Object.keys(FLAGS) as Key[]) {
    const v = options[k];
    if (v !== undefined) values[k] = v.trim();
  }
  for (const k of ['sourceAccount', 'targetAccount'] as const) {
    if (values[k] !== undefined && !ACCOUNT_ID.test(values[k]!)) throw usageError('bad-flag', `${FLAGS[k]} "${values[k]}" must be a 12-digit AWS account id, for example 111122223333 (nothing was written).`);
  }
  const { existsSync } = await import('node:fs');
  if (existsSync(file)) throw usageError('config-exists', `--config ${options.config} already exists: xacct init does not overwrite a file. Name a new file, or edit this one.`);

  // The region of a profile, from the AWS config file: no call, no credentials needed.
  const { readAwsConfigFiles } = await import('../aws/credential-origins');
  const files = await readAwsConfigFiles();
  const profileExists = (p: string) => Boolean(files.configFile?.[p] ?? files.credentialsFile?.[p]);
  if (values.region === undefined) {
    const fromProfile = [values.targetProfile, values.sourceProfile].flatMap((p) => (p && files.configFile?.[p]?.region ? [[p, files.configFile[p].region!]] : []))[0];
    if (fromProfile) {
      values.region = fromProfile[1];
      origins.region = `from profile ${fromProfile[0]} (check this)`;
    }
  }

  // What the credentials can tell, where they work.
  let keyAdministratorArn: string | undefined;
  if (options.discover && values.region) {
    const { awsRuntime, connectTo } = await import('./aws-setup');
    const { interruption } = await import('./interrupt');
    for (const side of ['source', 'target'] as const) {
      const profile = values[`${side}Profile`];
      const accountKey = `${side}Account` as const;
      const needsCall = values[accountKey] === undefined || (side === 'target' && (values.container === undefined || !keyAdministratorArn));
      if (!profile || !profileExists(profile) || !needsCall) continue;
      const interrupt = interruption(io, deps.signal);
      try {
        const provisional = { region: values.region, [side]: { accountId: values[accountKey] ?? '000000000000', credentials: { profile } } } as unknown as DeploymentConfig;
        const ports = (await connectTo(provisional, [side], awsRuntime(io, deps, interrupt.signal)))[side];
        const me = await ports.sts.callerIdentity();
        if (values[accountKey] === undefined) {
          values[accountKey] = me.account;
          origins[accountKey] = `discovered: profile ${profile} is ${me.arn}`;
        } else if (values[accountKey] !== me.account) {
          notes.push(`profile ${profile} is in account ${me.account}, not ${values[accountKey]} (${FLAGS[accountKey]}): check which is meant.`);
        }
        if (side === 'target') {
          const role = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(me.arn);
          const user = /^arn:[^:]+:iam::\d{12}:user\//.test(me.arn);
          keyAdministratorArn = role ? `arn:${role[1]}:iam::${role[2]}:role/${role[3]}` : user ? me.arn : undefined;
          // The cluster and the service, when the flags leave them out: the only one, or one chosen.
          const where = `account ${me.account} in ${values.region}`;
          if (values.cluster === undefined) {
            values.cluster = await chooseOne(io, 'cluster', await ports.ecs.clusterNames(), where, origins, notes);
            if (values.cluster === undefined) delete values.cluster;
          }
          if (values.service === undefined && values.cluster !== undefined) {
            values.service = await chooseOne(io, 'service', await ports.ecs.serviceNames(values.cluster), `cluster ${values.cluster} of ${where}`, origins, notes);
            if (values.service === undefined) delete values.service;
          }
          if (values.container === undefined && values.cluster && values.service) {
            const service = await ports.ecs.serviceImages(values.cluster, values.service);
            const containers = Object.keys(service?.images ?? {});
            if (containers.length === 1) {
              values.container = containers[0];
              origins.container = `discovered: the only container of ${service!.taskDefinition}`;
            } else if (containers.length > 1) notes.push(`the task definition of service ${values.service} has ${containers.length} containers (${containers.join(', ')}): pass --container.`);
          }
        }
      } catch (e) {
        notes.push(`not discovered with profile ${profile}: ${firstLine(e)}`);
      } finally {
        interrupt.dispose();
      }
    }
  }

  // Ask for what is still missing, only when a terminal can answer.
  for (const k of Object.keys(FLAGS) as Key[]) {
    if (values[k] !== undefined || !io.ask) continue;
    const answer = (await io.ask(`${FLAGS[k].slice(2).replace(/-/g, ' ')}: `)).trim();
    if (answer) values[k] = answer;
  }
  const missing = (Object.keys(FLAGS) as Key[]).filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length > 0) {
    throw usageError(
      'init-missing',
      `xacct init needs ${missing.map((k) => FLAGS[k]).join(', ')} (neither given nor discovered${notes.length ? `: ${notes.join(' ')}` : ''}). Pass them as flags; nothing was written.`,
    );
  }
  for (const [k, side] of [['sourceProfile', 'source'], ['targetProfile', 'target']] as const) {
    if (!profileExists(values[k]!)) notes.push(`profile ${values[k]} (${side}) is not in the AWS config files yet: create it before plan (aws configure sso --profile ${values[k]}).`);
  }
  for (const k of Object.keys(FLAGS) as Key[]) origins[k] ??= '';
  const v = values as Record<Key, string>;
  const starter: StarterValues = { ...v, name: options.name ?? nameFrom(v.repository), origins, ...(keyAdministratorArn ? { keyAdministratorArn } : {}) };
  const text = starterConfig(starter);
  // What is written must load: a value the flags got wrong is reported by field, before the file exists.
  parseConfig(text, file);
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (e) {
    throw environmentError('unwritable-config', `cannot write --config ${options.config}: ${firstLine(e)}. Choose a writable path.`, e);
  }
  const checks = text.split('\n').filter((l) => /check this/.test(l)).length;
  if (options.json) {
    io.out(JSON.stringify({ config: file, values: v, discovered: Object.fromEntries(Object.entries(origins).filter(([, o]) => o.startsWith('discovered'))), notes, checkThis: checks }) + '\n');
  } else {
    io.out(`Wrote ${options.config}: ${checks} value(s) marked "check this".\n`);
    for (const [k, o] of Object.entries(origins)) if (o.startsWith('discovered')) io.out(`  ${FLAGS[k as Key]}: ${v[k as Key]} (${o})\n`);
    for (const n of notes) io.err(`xacct: note: ${n}\n`);
    io.out(`Next: xacct plan --config ${options.config} --offline\n`);
  }
  return EXIT.ok;
}
