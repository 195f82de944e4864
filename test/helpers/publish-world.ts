/**
 * The two-account world with a publish: section: a template bucket in each account and the example
 * catalogs (the target-account product in B, the source-account product in A).
 */
import { createHash } from 'node:crypto';
import type { TemplateName } from '../../templates-src';
import * as artifacts from '../../scripts/deploy/template-artifacts';
import { ACCOUNT_A, ACCOUNT_B, exampleConfig, REGION, twoAccountWorld, type World } from './deploy-world';

export const BUCKET_A = 'catalog-templates-a';
export const BUCKET_B = 'catalog-templates-b';

export function examplePublish(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    owner: 'Platform team',
    support: { email: 'platform@example.com' },
    catalogs: { target: { bucket: BUCKET_B }, source: { bucket: BUCKET_A } },
    ...overrides,
  };
}

export const publishConfig = (publish: Record<string, unknown> = examplePublish()) => exampleConfig({ publish });

export interface PublishWorld extends World {
  publish(...extra: string[]): ReturnType<World['run']>;
  catalogA(): ReturnType<World['aws']['serviceCatalog']>;
  catalogB(): ReturnType<World['aws']['serviceCatalog']>;
}

/** GIVEN two accounts with a profile and a template bucket each, and a config with a publish: section. */
export function publishWorld(config: Record<string, unknown> = publishConfig()): PublishWorld {
  const world = twoAccountWorld(config);
  world.aws.s3.createBucket(BUCKET_A, ACCOUNT_A, REGION, undefined);
  world.aws.s3.createBucket(BUCKET_B, ACCOUNT_B, REGION, 'Enabled');
  return {
    ...world,
    publish: (...extra: string[]) => world.run('publish', '--config', world.configFile, ...extra),
    catalogA: () => world.aws.serviceCatalog(ACCOUNT_A),
    catalogB: () => world.aws.serviceCatalog(ACCOUNT_B),
  };
}

/**
 * Makes each of `names` render as an older release of it (another body, so another hash) until the
 * returned function is called: how a template changed between two releases looks to the publisher.
 */
export function olderTemplate(...names: TemplateName[]): () => void {
  const real = artifacts.templateArtifact;
  const spy = jest.spyOn(artifacts, 'templateArtifact').mockImplementation((n) => {
    const a = real(n);
    if (!names.includes(n)) return a;
    const body = `${a.body}# an older release of ${n}\n`;
    return { ...a, body, hash: createHash('sha256').update(body).digest('hex').slice(0, 16) };
  });
  return () => spy.mockRestore();
}
