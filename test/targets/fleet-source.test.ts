/**
 * Account A's stacks for a region of many targets (fleetSourceStacks), measured against the limits AWS
 * sets, for fleets of 50 and 200 targets in two waves, with the longest names a config and stage 1
 * allow. The figures are in the test names (and in docs/fleet.md). Then least privilege between
 * targets, logical ids that stay when targets come and go, and the refusals.
 */
import { fleetSourceStacks, REPOSITORY_POLICY_LIMIT, TARGETS_IN_FIRST_STACK, TARGETS_PER_STACK, type FleetSourceStack } from '../../scripts/deploy/fleet-source';
import { TEMPLATE_BODY_LIMIT } from '../../scripts/deploy/template-artifacts';
import { RULE_TARGET_LIMIT } from '../../templates-src/acc-a-fleet';
import { waveTag } from '../../templates-src/wave-tag';
import { XacctError } from '../../scripts/errors';
import { fleetOf } from '../../scripts/config/fleet-config';
import { resolveTargets } from '../../scripts/targets/resolve-targets';
import { grantProblems, patternsMeet } from '../helpers/iam-policy-checks';
import { fleetDoc, fleetTargets, iamLength, ofType, REGION, SOURCE_ACCOUNT, stageOneOutputs, targetName, templateOf, type CfnTemplate } from './fleet-world';

/** "Role trust policy length: 2,048 characters" (default), "Role policies: aggregate inline policy size 10,240 characters" (IAM User Guide, "IAM and AWS STS quotas"). */
const TRUST_LIMIT = 2_048;
const INLINE_LIMIT = 10_240;
/** "Maximum number of resources ... 500", "Maximum number of parameters ... 200" (CloudFormation User Guide, "Understand CloudFormation quotas"). */
const RESOURCE_LIMIT = 500;
const PARAMETER_LIMIT = 200;
const ORG = 'o-a1b2c3d4e5';

interface Figures {
  stacks: number;
  largestBody: number;
  mostResources: number;
  mostParameters: number;
  largestTrust: number;
  largestInline: number;
  mostRuleTargets: number;
  repositoryPolicy: number;
}

function measure(stacks: FleetSourceStack[]): Figures {
  const templates = stacks.map(templateOf);
  const roles = templates.flatMap((t) => ofType(t, 'AWS::IAM::Role').map(([id, r]) => ({ t, id, r })));
  const inline = roles.map(({ t, id }) =>
    ofType(t, 'AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((x: { Ref: string }) => x.Ref === id))
      .reduce((n, [, p]) => n + iamLength(p.Properties.PolicyDocument), 0),
  );
  const repo = templates[0]!.Resources.Repository!.Properties.RepositoryPolicyText;
  return {
    stacks: stacks.length,
    largestBody: Math.max(...stacks.map((s) => Buffer.byteLength(s.artifact.body, 'utf8'))),
    mostResources: Math.max(...templates.map((t) => Object.keys(t.Resources).length)),
    mostParameters: Math.max(...templates.map((t) => Object.keys(t.Parameters).length)),
    largestTrust: Math.max(...roles.map(({ r }) => iamLength(r.Properties.AssumeRolePolicyDocument))),
    largestInline: Math.max(...inline),
    mostRuleTargets: Math.max(...templates.flatMap((t) => ofType(t, 'AWS::Events::Rule').map(([, r]) => r.Properties.Targets.length))),
    repositoryPolicy: JSON.stringify(repo).length,
  };
}

const build = (count: number, organizationId?: string, waveOf?: (i: number) => number) =>
  fleetSourceStacks(REGION, fleetTargets({ count, ...(organizationId ? { organizationId } : {}), ...(waveOf ? { waveOf } : {}) }), stageOneOutputs);

const fifty = build(50);
const twoHundred = build(200, ORG);
const f50 = measure(fifty);
const f200 = measure(twoHundred);
const n = (v: number) => v.toLocaleString('en-US');
const described = (f: Figures) =>
  `${f.stacks} stacks; largest body ${n(f.largestBody)} bytes, ${f.mostResources} resources, ${f.mostParameters} parameters; trust ${n(f.largestTrust)}, inline ${n(f.largestInline)}, repository policy ${n(f.repositoryPolicy)} characters; ${f.mostRuleTargets} buses per rule`;

describe.each([
  ['50 targets (execution roles listed)', fifty, f50],
  ['200 targets (source.organizationId)', twoHundred, f200],
])('%s in one region, two waves', (_, stacks, f) => {
  it(`fits every limit: ${described(f)}`, () => {
    expect(f.largestBody).toBeLessThanOrEqual(TEMPLATE_BODY_LIMIT);
    expect(f.mostResources).toBeLessThanOrEqual(RESOURCE_LIMIT);
    expect(f.mostParameters).toBeLessThanOrEqual(PARAMETER_LIMIT);
    expect(f.largestTrust).toBeLessThanOrEqual(TRUST_LIMIT);
    expect(f.largestInline).toBeLessThanOrEqual(INLINE_LIMIT);
    expect(f.mostRuleTargets).toBeLessThanOrEqual(RULE_TARGET_LIMIT);
    expect(f.repositoryPolicy).toBeLessThanOrEqual(REPOSITORY_POLICY_LIMIT);
  });

  it('names the stacks <source.stackName>, -2, -3, ...; the first holds the repository; every target is served exactly once, in config order', () => {
    expect(stacks.map((s) => s.stackName)).toEqual(stacks.map((_s, i) => (i === 0 ? 'orders-api-source' : `orders-api-source-${i + 1}`)));
    expect(stacks.map((s) => s.holdsRepository)).toEqual(stacks.map((_s, i) => i === 0));
    expect(stacks.flatMap((s) => s.serves)).toEqual(Array.from({ length: stacks.flatMap((s) => s.serves).length }, (_v, i) => targetName(i)));
    expect(stacks[0]!.serves).toHaveLength(TARGETS_IN_FIRST_STACK);
    for (const s of stacks.slice(1, -1)) expect(s.serves).toHaveLength(TARGETS_PER_STACK);
    const templates = stacks.map(templateOf);
    expect(templates.map((t) => ofType(t, 'AWS::ECR::Repository').length)).toEqual(stacks.map((_s, i) => (i === 0 ? 1 : 0)));
    expect(stacks.map((s) => Object.keys(s.parameters))).toEqual(stacks.map((_s, i) => (i === 0 ? ['RepositoryName', 'ImageTag', 'KeepUntaggedImages'] : ['RepositoryName', 'ImageTag'])));
    // Each stack's parameters are exactly its template's: nothing missing, nothing unknown.
    for (const s of stacks) expect(Object.keys(s.artifact.parameters).sort()).toEqual(Object.keys(s.parameters).sort());
    expect(stacks.every((s) => s.artifact.capabilities.includes('CAPABILITY_NAMED_IAM'))).toBe(true);
  });

  it("forwards each target's wave tag to its own account's default bus, by one rule of its wave, with this stack's dead-letter queue", () => {
    for (const s of stacks) {
      const t = templateOf(s);
      const rules = ofType(t, 'AWS::Events::Rule');
      const targets = rules.flatMap(([, r]) => r.Properties.Targets.map((x: { Id: string }) => x.Id));
      expect(targets.sort()).toEqual([...s.serves].sort());
      for (const [, r] of rules) {
        const tag = r.Properties.EventPattern.detail['image-tag'][0];
        const waves = new Set<number>(r.Properties.Targets.map((x: { Id: string }) => (Number(x.Id.slice(1, 4)) % 2) + 1));
        expect(waves.size).toBe(1);
        const wave = [...waves][0]!;
        expect(tag).toEqual(wave === 1 ? { Ref: 'ImageTag' } : { 'Fn::Sub': waveTag('${ImageTag}', wave) });
        for (const x of r.Properties.Targets) {
          expect(x.Arn).toEqual({ 'Fn::Sub': `arn:\${AWS::Partition}:events:\${AWS::Region}:${200000000000 + Number(x.Id.slice(1, 4))}:event-bus/default` });
          expect(x.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': ['ForwardingDeadLetterQueue', 'Arn'] } });
        }
      }
      const dlq = ofType(t, 'AWS::SQS::QueuePolicy')[0]![1].Properties.PolicyDocument.Statement[0];
      expect(dlq.Condition.ArnEquals['aws:SourceArn']).toEqual(rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
    }
  });
});

describe("least privilege between targets", () => {
  const templates = fifty.map(templateOf);
  const all = fleetTargets({ count: 50 }).map((t) => ({ name: t.name, out: stageOneOutputs(t) }));
  const roleOf = (name: string): { t: CfnTemplate; trust: unknown; policy: unknown } => {
    const id = `SourceRole${name.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')}`;
    const t = templates.find((x) => x.Resources[id])!;
    const policy = ofType(t, 'AWS::IAM::Policy').find(([, p]) => p.Properties.Roles[0].Ref === id)![1].Properties.PolicyDocument;
    return { t, trust: t.Resources[id]!.Properties.AssumeRolePolicyDocument, policy };
  };

  it.each([targetName(0), targetName(13), targetName(49)])("%s's source role reaches only its own bucket and key, and only its own pipeline role assumes it", (name) => {
    const mine = all.find((x) => x.name === name)!.out;
    const { trust, policy } = roleOf(name);
    const text = JSON.stringify(policy);
    expect(text).toContain(`s3:::${mine.ArtifactBucketName}/*`);
    expect(text).toContain(mine.ArtifactKeyArn);
    for (const other of all.filter((x) => x.name !== name)) {
      expect(text).not.toContain(`s3:::${other.out.ArtifactBucketName}/`);
      expect(text).not.toContain(other.out.ArtifactKeyArn);
    }
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'TargetPipelineRoleAssumes', Effect: 'Allow', Principal: { AWS: mine.PipelineRoleArn }, Action: 'sts:AssumeRole' }],
    });
  });

  it("the forwarding role of a stack puts events only on the buses of that stack's targets", () => {
    for (const [i, s] of fifty.entries()) {
      const policy = templates[i]!.Resources.ForwardingRolePolicy!.Properties.PolicyDocument;
      const buses = [policy.Statement[0].Resource].flat().map((r: { 'Fn::Sub': string }) => /:(\d{12}):event-bus/.exec(r['Fn::Sub'])![1]);
      expect(buses.sort()).toEqual(s.serves.map((name) => all.find((x) => x.name === name)!.out.AccountId).sort());
    }
  });

  it('the roles grant only actions of the Service Authorization Reference, on resources of their types', () => {
    // The template's values as CloudFormation resolves them in account A; other accounts' ARNs stay as they are.
    const resolve = (v: unknown): string => {
      const o = v as { 'Fn::Sub'?: string; 'Fn::GetAtt'?: [string, string] };
      if (typeof v === 'string') return v;
      if (o['Fn::GetAtt']?.[0] === 'Repository') return `arn:aws:ecr:${REGION}:${SOURCE_ACCOUNT}:repository/orders-api`;
      const vars: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': SOURCE_ACCOUNT, RepositoryName: 'orders-api' };
      return o['Fn::Sub']!.replace(/\$\{([^}]+)\}/g, (_m, name: string) => vars[name]!);
    };
    const problems = templates.flatMap((t) =>
      ofType(t, 'AWS::IAM::Policy').flatMap(([id, p]) =>
        p.Properties.PolicyDocument.Statement.flatMap((st: { Sid: string; Action: string | string[]; Resource: unknown }) =>
          [st.Action].flat().flatMap((a) => grantProblems(a, [st.Resource].flat().map(resolve), [], { partition: 'aws', region: REGION, account: '*' }).map((x) => `${id} ${st.Sid}: ${x}`)),
        ),
      ),
    );
    expect(problems).toEqual([]);
  });

  it('lists each execution role in the repository policy while they fit, and no other principal', () => {
    const statement = templates[0]!.Resources.Repository!.Properties.RepositoryPolicyText.Statement;
    expect(statement).toHaveLength(1);
    expect([...statement[0].Principal.AWS].sort()).toEqual(all.map((x) => x.out.EcsTaskExecutionRoleArn).sort());
    expect(statement[0].Action).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage']);
  });
});

describe('the repository', () => {
  it("keeps the pushed tag and every later wave's tag mutable with two filters (ECR takes five), releases immutable", () => {
    const repo = templateOf(fleetSourceStacks(REGION, fleetTargets({ count: 30, waveOf: (i) => i + 1 }), stageOneOutputs)[0]!).Resources.Repository!.Properties;
    expect(repo.ImageTagMutability).toBe('IMMUTABLE_WITH_EXCLUSION');
    const filters = repo.ImageTagMutabilityExclusionFilters.map((f: { ImageTagMutabilityExclusionFilterValue: unknown }) => f.ImageTagMutabilityExclusionFilterValue);
    expect(filters).toEqual([{ Ref: 'ImageTag' }, { 'Fn::Sub': '${ImageTag}-wave*' }]);
    // ECR's wildcard, with the parameter's value: each wave's tag is matched, a release tag is not.
    const patterns = filters.map((f: { Ref?: string; 'Fn::Sub'?: string }) => (f.Ref ? 'latest' : f['Fn::Sub']!.replace('${ImageTag}', 'latest')));
    for (let wave = 1; wave <= 30; wave++) expect(patterns.some((p: string) => patternsMeet(p, waveTag('latest', wave)))).toBe(true);
    expect(patterns.some((p: string) => patternsMeet(p, 'v1.4.2'))).toBe(false);
  });

  it('a region whose targets are all in wave 1 keeps the one filter of the single template', () => {
    const repo = templateOf(fleetSourceStacks(REGION, fleetTargets({ count: 3, waveOf: () => 1 }), stageOneOutputs)[0]!).Resources.Repository!.Properties;
    expect(repo.ImageTagMutabilityExclusionFilters).toEqual([{ ImageTagMutabilityExclusionFilterType: 'WILDCARD', ImageTagMutabilityExclusionFilterValue: { Ref: 'ImageTag' } }]);
  });

  it('200 targets without source.organizationId: refused, naming the limit, the size and the fix', () => {
    let error: unknown;
    try {
      build(200);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(XacctError);
    expect((error as XacctError).exitCode).toBe(2);
    expect((error as XacctError).message).toMatch(/^the repository policy of account A in eu-west-1 would list 200 execution roles in 11\d{3} characters; ECR takes at most 10240 \(SetRepositoryPolicy\)\. Set source\.organizationId \(o-\.\.\.\) in the config/);
  });

  it("200 targets with source.organizationId: the organization's roles of the execution roles' names pull", () => {
    const statement = templateOf(twoHundred[0]!).Resources.Repository!.Properties.RepositoryPolicyText.Statement;
    expect(statement).toEqual([
      {
        Sid: 'OrganizationExecutionRolesPullImages',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG }, ArnLike: { 'aws:PrincipalArn': ['arn:aws:iam::*:role/ecsTaskExecutionRole'] } },
      },
    ]);
  });

  it('50 targets with source.organizationId still list the roles: the narrower policy wins while it fits', () => {
    const statement = templateOf(build(50, ORG)[0]!).Resources.Repository!.Properties.RepositoryPolicyText.Statement;
    expect(statement[0].Sid).toBe('TargetExecutionRolePullsImages');
  });

  it('the config takes source.organizationId only in the form AWS Organizations gives it', () => {
    const bad = fleetOf(fleetDoc({ count: 2, organizationId: 'o-short' }));
    expect('problems' in bad && bad.problems.map((p) => p.path)).toEqual(['source.organizationId']);
  });
});

// Every target in a wave of its own (a rule each, the most a target can cost), and 185 execution roles of
// distinct accounts, which fill the listed repository policy to 10,202 characters.
const worst = fleetSourceStacks(REGION, fleetTargets({ count: 185, waveOf: (i) => (i % 100) + 1 }), stageOneOutputs);
const worstBodies = worst.map((s) => Buffer.byteLength(s.artifact.body, 'utf8'));

describe('the group sizes hold in the worst case', () => {
  it(`a first stack of ${TARGETS_IN_FIRST_STACK} targets with the fullest repository policy is ${n(worstBodies[0]!)} bytes; a further stack of ${TARGETS_PER_STACK}, a rule each, ${n(Math.max(...worstBodies.slice(1)))} bytes and ${measure(worst).mostResources} resources; the limit ${n(TEMPLATE_BODY_LIMIT)}`, () => {
    expect(measure(worst).repositoryPolicy).toBeGreaterThan(10_000);
    expect(Math.max(...worstBodies)).toBeLessThanOrEqual(TEMPLATE_BODY_LIMIT);
    expect(worst[1]!.serves).toHaveLength(TARGETS_PER_STACK);
    expect(ofType(templateOf(worst[1]!), 'AWS::Events::Rule')).toHaveLength(TARGETS_PER_STACK);
  });
});

describe('targets come and go', () => {
  const idsByStack = (stacks: FleetSourceStack[]) => stacks.map((s) => templateOf(s).Resources);

  it("adding a target at the end of the region's list changes no other target's role or its logical id", () => {
    const before = idsByStack(build(29));
    const after = idsByStack(build(30));
    for (const [i, resources] of before.entries()) {
      for (const [id, r] of Object.entries(resources)) {
        if (r.Type === 'AWS::IAM::Role' && id.startsWith('SourceRole')) expect(after[i]![id]).toEqual(r);
        if (r.Type === 'AWS::IAM::Policy' && id.startsWith('SourceRolePolicy')) expect(after[i]![id]).toEqual(r);
      }
    }
  });

  it("removing a target keeps the others' logical ids and roles within its stack", () => {
    const targets = fleetTargets({ count: 10 });
    const without = targets.filter((t) => t.name !== targetName(4));
    const before = templateOf(fleetSourceStacks(REGION, targets, stageOneOutputs)[0]!).Resources;
    const after = templateOf(fleetSourceStacks(REGION, without, stageOneOutputs)[0]!).Resources;
    const sourceRoles = (r: Record<string, unknown>) => Object.keys(r).filter((id) => id.startsWith('SourceRole'));
    expect(sourceRoles(after)).toEqual(sourceRoles(before).filter((id) => !id.startsWith('SourceRoleT004') && !id.startsWith('SourceRolePolicyT004')));
    for (const id of sourceRoles(after)) expect(after[id]).toEqual(before[id]);
  });
});

describe('targets stay in the stack that holds their role', () => {
  const targets = fleetTargets({ count: 40 });
  const names = (from: number, to: number) => targets.slice(from, to).map((t) => t.name);

  it('a stack whose targets have all gone is not returned; the first stays, with the repository alone', () => {
    const deployed = [
      { stackName: 'orders-api-source', serves: names(0, 12) },
      { stackName: 'orders-api-source-2', serves: names(12, 30) },
      { stackName: 'orders-api-source-3', serves: names(30, 40) },
    ];
    const left = targets.slice(30, 40);
    const stacks = fleetSourceStacks(REGION, left, stageOneOutputs, deployed);
    expect(stacks.map((x) => [x.stackName, x.serves])).toEqual([
      ['orders-api-source', []],
      ['orders-api-source-3', names(30, 40)],
    ]);
    expect(Object.keys(templateOf(stacks[0]!).Resources)).toEqual(['Repository']);
  });

  it('new targets fill the free places of the deployed stacks first, then a new stack', () => {
    const deployed = [
      { stackName: 'orders-api-source', serves: names(0, 10) },
      { stackName: 'orders-api-source-2', serves: names(10, 20) },
    ];
    const stacks = fleetSourceStacks(REGION, targets.slice(0, 40), stageOneOutputs, deployed);
    expect(stacks.map((x) => x.serves)).toEqual([
      [...names(0, 10), ...names(20, 22)],
      [...names(10, 20), ...names(22, 30)],
      names(30, 40),
    ]);
  });
});

describe('bad input', () => {
  it('a missing stage-1 output names the target and the output', () => {
    const targets = fleetTargets({ count: 3 });
    const outputs = (t: (typeof targets)[number]) => {
      const o = stageOneOutputs(t);
      if (t.name === targetName(1)) delete o.ArtifactKeyArn;
      return o;
    };
    expect(() => fleetSourceStacks(REGION, targets, outputs)).toThrow(`target ${targetName(1)}: stage-1 stack orders-api-target in account 200000000001 (eu-west-1) has no output ArtifactKeyArn`);
  });

  it("a tag too long for a later wave's tag is refused (ECR tags are at most 128 characters)", () => {
    const doc = fleetDoc({ count: 2 }) as { defaults: { pipeline: { imageTag: string } } };
    doc.defaults.pipeline.imageTag = 'r'.repeat(123);
    const r = fleetOf(doc);
    if ('problems' in r) throw new Error(JSON.stringify(r.problems));
    expect(() => fleetSourceStacks(REGION, resolveTargets(r.fleet), stageOneOutputs)).toThrow(`the tag of wave 2 would be ${'r'.repeat(123)}-wave2 (129 characters); ECR tags are at most 128: shorten pipeline.imageTag.`);
  });

  it('outputs of another account are refused', () => {
    const targets = fleetTargets({ count: 2 });
    expect(() => fleetSourceStacks(REGION, targets, (t) => ({ ...stageOneOutputs(t), AccountId: '999999999999' }))).toThrow(`target ${targetName(0)}: stage-1 output AccountId is 999999999999, but the config says account 200000000000.`);
  });

  it('two target names that would share a logical id are refused, naming both', () => {
    const doc = fleetDoc({ count: 2 }) as { targets: Array<{ name: string }> };
    doc.targets[0]!.name = 'a-1';
    doc.targets[1]!.name = 'a1';
    const r = fleetOf(doc);
    if ('problems' in r) throw new Error(JSON.stringify(r.problems));
    expect(() => fleetSourceStacks(REGION, resolveTargets(r.fleet), stageOneOutputs)).toThrow('targets a-1 and a1 would share the logical id A1');
  });
});
