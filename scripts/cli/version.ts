/** `xacct --version`: the package version, and the digest of each template this version deploys. */
import { TEMPLATES } from '../../templates-src';
import { templateArtifact } from '../deploy/template-artifacts';

export function versionText(version: string): string {
  const lines = TEMPLATES.map((t) => `  ${t.name.padEnd(16)} ${templateArtifact(t.name).hash}`);
  return [`xacct ${version}`, 'templates (first 16 hex digits of the SHA-256 of each body, the stack tag xacct:template-sha256):', ...lines, ''].join('\n');
}
