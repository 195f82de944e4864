/**
 * A fleet config: one source account (A) and a list of named targets (each an account B in a region),
 * the values they share in `defaults:`. Each target merged with the defaults is a single-target config,
 * validated by the single form's own schema (schema.ts): one set of rules for both forms. A config
 * without `targets:` is a fleet of one.
 */
import { z } from './zod';
import { configProblems, fallbackMessage, type ConfigProblem } from './config-problems';
import { mapping, text, wholeNumber } from './fields';
import { stackSetsSchema, type StackSetsConfig } from './stack-sets-config';
import { accountId, sourceAccount, configSchema, credentials, deploymentName, eventBusSchema, PIPELINE_SHAPE, regionField, roleArn, stackName, type DeploymentConfig } from './schema';

/**
 * The shape of a fleet before its targets are merged with the defaults; defaults are not applied here.
 * Built on first use: a single-target config never reads it, and building it at load time was a
 * tenth of `plan --offline`'s start.
 */
function buildFleetShape() {
  const targetName = text(
    'must be 1 to 20 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen, for example staging',
    /^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/,
  );
  const wave = wholeNumber(1, 100, 'the release wave: wave 1 first');
  const partialPipeline = mapping(PIPELINE_SHAPE, 'pipeline settings').partial();

  const targetSchema = mapping(
    {
      name: targetName,
      accountId,
      region: regionField.optional(),
      credentials,
      stackName: stackName.optional(),
      cloudFormationRoleArn: roleArn('orders-api-cloudformation', ' in this account').optional(),
      wave: wave.optional(),
      pipeline: partialPipeline.optional(),
    },
    'one target (an account B in a region)',
  );

  return z.strictObject({
    name: deploymentName,
    source: sourceAccount(),
    defaults: mapping(
      { region: regionField.optional(), wave: wave.optional(), stackName: stackName.optional(), pipeline: partialPipeline.optional() },
      'the values every target shares',
    ).optional(),
    targets: z.array(targetSchema, { error: 'must be a list of targets, each with name, accountId and credentials' }).min(1),
    eventBus: eventBusSchema.optional(),
    publish: z.unknown().optional(),
    stackSets: stackSetsSchema().optional(),
  });
}

let fleetShapeBuilt: ReturnType<typeof buildFleetShape> | undefined;
const fleetShape = () => (fleetShapeBuilt ??= buildFleetShape());

/** One target of a fleet: its name, wave, and the single-target config it amounts to. */
export interface FleetMember {
  name: string;
  /** Release wave, 1 (default) first. */
  wave: number;
  config: DeploymentConfig;
}

export interface FleetConfig {
  /** The deployment's name. */
  name: string;
  /** single: a config without `targets:` (a fleet of one, named after the deployment). */
  form: 'single' | 'fleet';
  targets: FleetMember[];
  /** How the StackSets engine deploys the targets (scripts/stacksets/); absent: the targets engine only. */
  stackSets?: StackSetsConfig;
}

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const defined = (o: Doc): Doc => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Whether a parsed YAML document is the fleet form. */
export const isFleetDocument = (doc: unknown): boolean => isDoc(doc) && 'targets' in doc;

/** `targets.1.accountId` -> `targets[1] (staging).accountId`: the problem names the target. */
function namedPath(path: string, doc: Doc): string {
  return path.replace(/^targets\.(\d+)(?=\.|$)/, (_, i: string) => {
    const name = (doc.targets as unknown[] | undefined)?.[Number(i)];
    return isDoc(name) && typeof name.name === 'string' ? `targets[${i}] (${name.name})` : `targets[${i}]`;
  });
}

/**
 * The single-target config a target amounts to (raw, before validation). The name prefix names the
 * pipeline's roles, one of them in account A where IAM names are global: each target has its own,
 * `<defaults.pipeline.namePrefix or name>-<target name>` unless the target sets one.
 */
export function mergeTarget(doc: Doc, index: number): Doc {
  const t = (doc.targets as Doc[])[index];
  const d = isDoc(doc.defaults) ? doc.defaults : {};
  const shared = isDoc(d.pipeline) ? d.pipeline : {};
  const own = isDoc(t.pipeline) ? t.pipeline : {};
  return defined({
    name: doc.name,
    region: t.region ?? d.region,
    source: doc.source,
    target: defined({ accountId: t.accountId, credentials: t.credentials, stackName: t.stackName ?? d.stackName, cloudFormationRoleArn: t.cloudFormationRoleArn }),
    pipeline: { ...shared, ...own, namePrefix: own.namePrefix ?? `${(shared.namePrefix as string | undefined) ?? (doc.name as string)}-${t.name as string}` },
    eventBus: doc.eventBus,
    publish: fleetPublish(doc.publish),
  });
}

/**
 * A fleet publishes in account A's catalog, the one account every target shares: the target product
 * goes there (products.target.catalog defaults to source) and its portfolio is shared with the targets
 * (share defaults to every target account).
 */
function fleetPublish(publish: unknown): unknown {
  if (!isDoc(publish)) return publish;
  const products = isDoc(publish.products) ? publish.products : {};
  const target = isDoc(products.target) ? products.target : {};
  return { share: { accounts: 'auto' }, ...publish, products: { ...products, target: { catalog: 'source', ...target } } };
}

/** A merged target's problem, at the place in the fleet file where the person fixes it. */
function targetPath(path: string, at: string): string {
  if (path === 'region') return `${at}.region`;
  if (path.startsWith('target.')) return `${at}.${path.slice('target.'.length)}`;
  if (path.startsWith('pipeline.') || path === '(top level)') return `${at}${path === '(top level)' ? '' : `.${path}`}`;
  return path;
}

function inTarget(problem: ConfigProblem, at: string): ConfigProblem {
  const path = targetPath(problem.path, at);
  const shared = path !== problem.path && problem.message.startsWith('is required') && !path.endsWith('.accountId') && !path.endsWith('.credentials');
  return { path, message: shared ? `${problem.message}: set it on the target or in defaults` : problem.message };
}

/** What only a fleet can get wrong: two targets in one account and region, one name or prefix twice, A's repository. */
function fleetProblems(members: Array<FleetMember & { at: string }>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = (key: (m: FleetMember) => string, field: string, why: (m: FleetMember, first: FleetMember & { at: string }) => string) => {
    const first = new Map<string, FleetMember & { at: string }>();
    for (const m of members) {
      const k = key(m);
      const earlier = first.get(k);
      if (earlier) problems.push({ path: `${m.at}.${field}`, message: why(m, earlier) });
      else first.set(k, m);
    }
  };
  seen((m) => m.name, 'name', (m, f) => `must differ from ${f.at}: every target has its own name (found ${m.name} twice)`);
  seen(
    (m) => `${m.config.target.accountId} ${m.config.region}`,
    'accountId',
    (m, f) => `account ${m.config.target.accountId} in region ${m.config.region} is already ${f.at}: one target per account and region (the pipeline, its bus permission and its stacks would be shared)`,
  );
  seen(
    (m) => m.config.pipeline.namePrefix,
    'pipeline.namePrefix',
    (m, f) => `${m.config.pipeline.namePrefix} is already the name prefix of ${f.at}: it names the pipeline's role in account A, where IAM role names are global`,
  );
  // Account A has one stack per region, serving every target of that region with one repository.
  for (const field of ['repositoryName', 'keepUntaggedImages'] as const) {
    const byRegion = new Map<string, FleetMember & { at: string }>();
    for (const m of members) {
      const f = byRegion.get(m.config.region);
      if (!f) byRegion.set(m.config.region, m);
      else if (f.config.pipeline[field] !== m.config.pipeline[field]) {
        problems.push({
          path: `${m.at}.pipeline.${field}`,
          message: `must be ${String(f.config.pipeline[field])} as for ${f.at}: account A serves the targets of region ${m.config.region} from one stack and one repository; found ${String(m.config.pipeline[field])}`,
        });
      }
    }
  }
  return problems;
}

/** A fleet document (isFleetDocument) as its targets, or every problem it has. */
export function fleetOf(doc: Doc): { fleet: FleetConfig } | { problems: ConfigProblem[] } {
  const shape = fleetShape().safeParse(doc, { reportInput: true, error: fallbackMessage });
  if (!shape.success) return { problems: configProblems(shape.error.issues, doc).map((p) => ({ ...p, path: namedPath(p.path, doc) })) };
  const problems: ConfigProblem[] = [];
  const publish = isDoc(doc.publish) ? doc.publish : {};
  const products = isDoc(publish.products) ? publish.products : {};
  if (isDoc(products.target) && products.target.catalog === 'target') {
    problems.push({ path: 'publish.products.target.catalog', message: 'must be source for a config with targets: the target product is published once in account A and its portfolio shared with every target account' });
  }
  const members: Array<FleetMember & { at: string }> = [];
  shape.data.targets.forEach((t, i) => {
    const at = namedPath(`targets.${i}`, doc);
    const merged = mergeTarget(doc, i);
    const parsed = configSchema.safeParse(merged, { reportInput: true, error: fallbackMessage });
    if (parsed.success) {
      const memberWave = t.wave ?? shape.data.defaults?.wave ?? 1;
      members.push({ name: t.name, wave: memberWave, config: { ...parsed.data, fleetWave: memberWave }, at });
    }
    else problems.push(...configProblems(parsed.error.issues, merged).map((p) => inTarget(p, at)));
  });
  if (problems.length === 0) problems.push(...fleetProblems(members));
  // A problem of account A or of the bus settings shows once, not once per target.
  const unique = [...new Map(problems.map((p) => [`${p.path}\n${p.message}`, p])).values()];
  if (unique.length > 0) return { problems: unique };
  const stackSets = shape.data.stackSets;
  return { fleet: { name: shape.data.name, form: 'fleet', targets: members.map(({ at: _at, ...m }) => m), ...(stackSets ? { stackSets } : {}) } };
}

/** The single-target form as a fleet of one. */
export const fleetOfOne = (config: DeploymentConfig): FleetConfig => ({ name: config.name, form: 'single', targets: [{ name: config.name, wave: config.fleetWave ?? 1, config }] });
