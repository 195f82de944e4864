/**
 * Parameter patterns, read from the built templates (what CloudFormation enforces), against real and
 * malformed values. CloudFormation evaluates AllowedPattern against the whole value, as anchored Java
 * regular expressions; these patterns use only syntax that JavaScript reads the same way.
 */
import { allTemplates, template } from './helpers/templates';

const patternOf = (templateName: Parameters<typeof template>[0], parameter: string) =>
  new RegExp(template(templateName).Parameters[parameter].AllowedPattern as string);

describe('KMS key ARN parameter (original defect 1: no account segment, rejected every real ARN)', () => {
  const pattern = patternOf('AccA-pipeline', 'ArtifactKeyArn');

  it.each([
    'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws:kms:us-east-1:444455556666:key/mrk-1234abcd12ab34cd56ef1234567890ab',
    'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    // European Sovereign Cloud: partition aws-eusc, region names of four letters first.
    'arn:aws-eusc:kms:eusc-de-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  ])('accepts %s', (arn) => expect(pattern.test(arn)).toBe(true));

  it.each([
    ['no account segment', 'arn:aws:kms:eu-west-1:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias', 'arn:aws:kms:eu-west-1:111122223333:alias/acc-b-kms'],
    ['a short account id', 'arn:aws:kms:eu-west-1:11112222333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a bare key id', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a truncated key id', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef'],
    ['another service', 'arn:aws:s3:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['trailing text', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab/x'],
    ['the empty string', ''],
  ])('rejects %s', (_why, arn) => expect(pattern.test(arn)).toBe(false));
});

describe('account id parameters (original defect 2: accepted the empty string)', () => {
  const accountParameters = allTemplates().flatMap(([name, t]) =>
    Object.entries<{ AllowedPattern: string }>(t.Parameters)
      .filter(([id]) => id.endsWith('AccountId'))
      .map(([id, p]) => [`${name} ${id}`, new RegExp(p.AllowedPattern)] as const),
  );

  it('exist in every template', () => {
    expect(accountParameters.map(([n]) => n).sort()).toEqual([
      'AccA-pipeline TargetAccountId',
      'AccB-pipeline-1 SourceAccountId',
      'AccB-pipeline-2 SourceAccountId',
    ]);
  });

  it.each(accountParameters)('%s accepts a 12-digit id and rejects everything else', (_n, pattern) => {
    expect(pattern.test('111122223333')).toBe(true);
    for (const bad of ['', ' ', '11112222333', '1111222233334', '11112222333a', '111122223333\n']) {
      expect(pattern.test(bad)).toBe(false);
    }
  });
});

describe('other patterns', () => {
  it('role ARNs: roles with paths, in any partition; not users, not other accounts formats', () => {
    const p = patternOf('AccA-pipeline', 'PipelineRoleArn');
    expect(p.test('arn:aws:iam::444455556666:role/orders-PipelineRole-1A2B3C')).toBe(true);
    expect(p.test('arn:aws:iam::444455556666:role/service-role/ecsTaskExecutionRole')).toBe(true);
    expect(p.test('arn:aws-cn:iam::444455556666:role/x')).toBe(true);
    expect(p.test('arn:aws-eusc:iam::444455556666:role/x')).toBe(true);
    expect(p.test('arn:aws:iam::444455556666:user/alice')).toBe(false);
    expect(p.test('arn:aws:iam::444455556666:role/*')).toBe(false);
    expect(p.test('arn:aws:iam:eu-west-1:444455556666:role/x')).toBe(false);
  });

  it('the optional task role accepts empty or a role ARN', () => {
    const p = patternOf('AccB-pipeline-1', 'EcsTaskRoleArn');
    expect(p.test('')).toBe(true);
    expect(p.test('arn:aws:iam::444455556666:role/orders-task')).toBe(true);
    expect(p.test('orders-task')).toBe(false);
  });

  it('the key administrator is a role or a user', () => {
    const p = patternOf('AccB-pipeline-1', 'KeyAdministratorArn');
    expect(p.test('arn:aws:iam::444455556666:role/platform-admin')).toBe(true);
    expect(p.test('arn:aws:iam::444455556666:user/alice')).toBe(true);
    expect(p.test('arn:aws:iam::444455556666:root')).toBe(false);
    expect(p.test('arn:aws:iam::444455556666:group/admins')).toBe(false);
  });

  it('repository names follow ECR', () => {
    const p = patternOf('AccA-pipeline', 'RepositoryName');
    for (const ok of ['orders-api', 'team/orders-api', 'a1', 'x.y_z-w/v']) expect(p.test(ok)).toBe(true);
    for (const bad of ['Orders', '-orders', 'orders-', 'team//x', '/x', 'x/', 'a b']) expect(p.test(bad)).toBe(false);
  });

  it('image tags follow Docker', () => {
    const p = patternOf('AccA-pipeline', 'ImageTag');
    for (const ok of ['latest', 'v1.2.3', 'release_2026-11', 'A'.repeat(128)]) expect(p.test(ok)).toBe(true);
    for (const bad of ['', '.hidden', '-x', 'a:b', 'A'.repeat(129), 'a b']) expect(p.test(bad)).toBe(false);
  });

  it('the name prefix gives valid role and alias names', () => {
    const p = patternOf('AccB-pipeline-1', 'NamePrefix');
    for (const ok of ['orders', 'orders-api', 'a1', 'x'.repeat(32)]) expect(p.test(ok)).toBe(true);
    for (const bad of ['', 'a', 'Orders', '1orders', 'orders-', 'orders_api', 'x'.repeat(33)]) expect(p.test(bad)).toBe(false);
    // The longest prefix plus the role suffix must still be a valid role name (64 characters).
    expect(`${'x'.repeat(32)}-ecr-source`.length).toBeLessThanOrEqual(64);
  });

  it('parameters shared by the two stages of stack B are defined identically', () => {
    const b1 = template('AccB-pipeline-1').Parameters;
    const b2 = template('AccB-pipeline-2').Parameters;
    for (const [id, definition] of Object.entries(b1)) expect(b2[id]).toEqual(definition);
  });
});

describe('friendly parameters (shown in the CloudFormation and Service Catalog consoles)', () => {
  it.each(allTemplates())('%s: every parameter has a description, a constraint description, a group and a label', (_n, t) => {
    const ui = t.Metadata['AWS::CloudFormation::Interface'];
    const grouped = ui.ParameterGroups.flatMap((g: { Parameters: string[] }) => g.Parameters);
    const ids = Object.keys(t.Parameters);
    expect([...grouped].sort()).toEqual([...ids].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
    for (const id of ids) {
      const p = t.Parameters[id];
      expect(p.Description).toMatch(/\S{3,}/);
      expect(p.ConstraintDescription).toMatch(/^must be .+/);
      expect(ui.ParameterLabels[id]?.default).toMatch(/\S/);
      if (p.Type === 'String') expect(p.AllowedPattern).toMatch(/^\^.*\$$/);
    }
  });

  it.each(allTemplates())('%s: every output has a description', (_n, t) => {
    for (const output of Object.values<{ Description: string }>(t.Outputs)) expect(output.Description).toMatch(/\S{3,}/);
  });
});
