/** docs/permissions.md, "What each identity needs", stays true to the policies and the files it points at. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { parseConfig } from '../../scripts/config/load-config';
import { permissionScope } from '../../scripts/permissions/config-scope';
import { ACCOUNTS, policyFor, ROLES } from '../../scripts/permissions/render-policy';
import { permissionsConfig } from '../helpers/permissions-world';
import { ROOT } from '../helpers/templates';

const readme = readFileSync(join(ROOT, 'docs', 'permissions.md'), 'utf8');
const section = readme.split('# What each identity needs')[1]?.split('<!-- END What each identity needs -->')[0] ?? '';

describe('docs/permissions.md, "What each identity needs"', () => {
  it('is one delimited section', () => {
    expect(section.length).toBeGreaterThan(1000);
    expect(readme).toContain('<!-- BEGIN What each identity needs');
  });

  it('names every action a policy grants on "*" (for a deployment that also publishes)', () => {
    const scope = permissionScope(parseConfig(dump(permissionsConfig()), 'test'));
    const statements = ACCOUNTS.flatMap((a) => ROLES.flatMap((r) => policyFor(scope, a, r).statements));
    const anyResource = new Set(statements.flatMap((s) => (s.statement.Resource === '*' ? s.statement.Action : [])));
    expect(anyResource.size).toBeGreaterThan(6);
    for (const action of anyResource) expect(section).toContain(`\`${action}\``);
  });

  it('creates the roles from files generate writes', () => {
    const files = section.match(/generated\/permissions\/[a-z-]+\.json/g) ?? [];
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(ROOT, f))).toBe(true);
    expect(section).toContain('aws iam create-role');
    expect(section).toContain('aws iam put-role-policy');
  });
});
