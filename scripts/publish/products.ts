/**
 * What each Service Catalog product carries. A provisioned product can only be updated to another
 * version of the same product, and stack B is created by AccB-pipeline-1 then updated by
 * AccB-pipeline-2: so the target-account product has both as versions (stage 1, stage 2) of each
 * release, and the source-account product has AccA-pipeline.
 */
import type { TemplateName } from '../../templates-src';
import type { ProductKey } from '../config/publish-schema';

export interface ProductVersionDefinition {
  template: TemplateName;
  /** Part of the version name: `<package version>-<label>-<hash8>`. */
  label: string;
  /** For the consumer, in the version's description. */
  guidance: string;
}

export interface ProductDefinition {
  key: ProductKey;
  /** In deployment order: the first is the version a new product is created with. */
  versions: readonly ProductVersionDefinition[];
  defaultName: (deployment: string) => string;
  defaultDescription: string;
}

export const PRODUCTS: Record<ProductKey, ProductDefinition> = {
  target: {
    key: 'target',
    versions: [
      {
        template: 'AccB-pipeline-1',
        label: 'stage1',
        guidance: 'Stage 1: launch this first in account B (key, buckets, pipeline role); then launch the source-account product in account A with its outputs.',
      },
      {
        template: 'AccB-pipeline-2',
        label: 'stage2',
        guidance: 'Stage 2: update the stage 1 provisioned product to this version once the source-account product exists, with its outputs (adds the pipeline and its trigger).',
      },
    ],
    defaultName: (d) => `${d} pipeline: target account (CodePipeline, ECS)`,
    defaultDescription:
      'Account B of the cross-account container pipeline: artifact key and buckets, the pipeline role, then (stage 2) the CodePipeline that deploys images pushed in account A to an ECS service. Launch the stage 1 version, then update the provisioned product to the stage 2 version of the same release.',
  },
  source: {
    key: 'source',
    versions: [{ template: 'AccA-pipeline', label: 'source', guidance: 'Launch in account A after stage 1 of the target-account product, with its outputs.' }],
    defaultName: (d) => `${d} pipeline: source account (ECR)`,
    defaultDescription:
      'Account A of the cross-account container pipeline: the ECR repository, the role the pipeline in account B assumes to read it, and the rule that forwards pushes to account B.',
  },
};
