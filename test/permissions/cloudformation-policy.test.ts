/**
 * The cloudformation policy of each account against the handler lists of the resource schemas: every
 * create, read, update and delete permission of every resource type the account's templates use is
 * granted, unless the exclusions say why not (an API name that is not an IAM action, whose action is
 * granted instead; a property no template sets); nothing beyond the lists is granted.
 */
import { cloudFormationPolicy } from '../../scripts/permissions/cloudformation-policy';
import { EXAMPLE_SCOPE } from '../../scripts/permissions/example-scope';
import { RENAMED, UNNEEDED, renamed, unneeded } from '../../scripts/permissions/handler-exclusions';
import { HANDLER_PERMISSIONS, handlerPermissionsOf, stackOperationPermissions } from '../../scripts/permissions/handler-permissions';
import { templateResources } from '../../scripts/permissions/template-resources';
import { actionData } from '../fake-aws/iam/iam-reference';

const lower = (a: string) => a.toLowerCase();
const granted = (account: 'source' | 'target') => new Set(cloudFormationPolicy(EXAMPLE_SCOPE, account).statements.flatMap((s) => s.statement.Action.map(lower)));
const typesOf = (account: 'source' | 'target') => [...new Set(templateResources(account).map((r) => r.type))].sort();

describe.each(['source', 'target'] as const)('the cloudformation policy of the %s account', (account) => {
  it('covers every resource type of its templates with handler lists from a cited schema file', () => {
    expect(typesOf(account).length).toBeGreaterThan(3);
    for (const type of typesOf(account)) {
      const h = handlerPermissionsOf(type);
      expect({ type, source: h?.source }).toEqual({ type, source: expect.stringMatching(/^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/.+\.json$/) });
      expect(h!.handlers.create?.length).toBeGreaterThan(0);
      expect(h!.handlers.delete?.length).toBeGreaterThan(0);
    }
  });

  it('grants every create, read, update and delete permission of those types, or says why not', () => {
    const g = granted(account);
    const missing: string[] = [];
    for (const type of typesOf(account)) {
      const properties = templateResources(account).filter((r) => r.type === type).map((r) => r.properties);
      for (const listed of stackOperationPermissions(handlerPermissionsOf(type)!)) {
        if (g.has(lower(listed))) continue;
        const r = renamed(listed);
        if (r && g.has(lower(r.action))) continue;
        if (unneeded(type, listed, properties)) continue;
        missing.push(`${type} ${listed}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('grants nothing beyond the lists (after renames)', () => {
    const listed = new Set(
      typesOf(account).flatMap((t) => stackOperationPermissions(handlerPermissionsOf(t)!).map((a) => lower(renamed(a)?.action ?? a))),
    );
    expect([...granted(account)].filter((a) => !listed.has(a))).toEqual([]);
  });

  it('passes each role a template hands to a service to that service only', () => {
    const passes = cloudFormationPolicy(EXAMPLE_SCOPE, account).statements.filter((s) => s.statement.Action.includes('iam:PassRole'));
    expect(passes.length).toBeGreaterThan(0);
    for (const { statement } of passes) {
      expect(statement.Action).toEqual(['iam:PassRole']);
      expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': expect.stringMatching(/^(events|codepipeline)\.amazonaws\.com$/) } });
    }
  });
});

describe('the exclusions', () => {
  it('rename only API names the reference has no action for, to actions it has', () => {
    for (const r of RENAMED) {
      expect({ listed: r.listed, isAction: actionData(r.listed) !== undefined }).toEqual({ listed: r.listed, isAction: false });
      expect({ action: r.action, isAction: actionData(r.action) !== undefined }).toEqual({ action: r.action, isAction: true });
    }
    // Every name of a handler list that is not an IAM action is renamed (or left out as unneeded).
    const unknown = HANDLER_PERMISSIONS.flatMap((h) => stackOperationPermissions(h).filter((a) => !actionData(a) && !a.startsWith('s3tables:') && !a.startsWith('codestar-connections:')));
    expect(unknown.filter((a) => !renamed(a))).toEqual([]);
  });

  it('leave out what a property needs only while no template sets it: set it, and the actions come back', () => {
    const set: Record<string, Record<string, unknown>> = {
      'AWS::S3::Bucket': { MetadataTableConfiguration: {}, ReplicationConfiguration: {} },
      'AWS::IAM::Policy': { Users: ['u'], Groups: ['g'] },
      'AWS::ECR::Repository': { EncryptionConfiguration: { EncryptionType: 'KMS' } },
      'AWS::CodePipeline::Pipeline': { Stages: [{ Actions: [{ ActionTypeId: { Provider: 'CodeStarSourceConnection' } }] }] },
    };
    for (const u of UNNEEDED) {
      for (const action of u.actions) {
        const example = action.endsWith('*') ? `${action.slice(0, -1)}CreateTable` : action;
        expect(unneeded(u.type, example, [{}])).toBe(u);
        expect(unneeded(u.type, example, [{}, set[u.type]!])).toBeUndefined();
      }
    }
  });
});
