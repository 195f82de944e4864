/**
 * The one typed extension of cloudform-types: properties AWS added after its types were generated.
 * The offline validator checks these against the current resource schemas (make lint).
 */
import type Resource from 'cloudform-types/types/resource';
import Pipeline, { type PipelineProperties } from 'cloudform-types/types/codePipeline/pipeline';
import Repository, { type RepositoryProperties } from 'cloudform-types/types/ecr/repository';
import Key, { type KeyProperties } from 'cloudform-types/types/kms/key';
import type { Value } from 'cloudform-types/types/dataTypes';

/** V2 pipelines are billed per action minute and support execution modes and variables. */
export interface PipelineV2Properties extends PipelineProperties {
  PipelineType: 'V1' | 'V2';
  ExecutionMode?: 'QUEUED' | 'SUPERSEDED' | 'PARALLEL';
}

/** `IMMUTABLE_WITH_EXCLUSION` keeps every tag immutable except the ones the filters match. */
export interface RepositoryWithExclusionsProperties extends RepositoryProperties {
  ImageTagMutability?: Value<'MUTABLE' | 'IMMUTABLE' | 'IMMUTABLE_WITH_EXCLUSION' | 'MUTABLE_WITH_EXCLUSION'>;
  ImageTagMutabilityExclusionFilters?: Array<{
    ImageTagMutabilityExclusionFilterType: 'WILDCARD';
    ImageTagMutabilityExclusionFilterValue: Value<string>;
  }>;
}

export interface KeyWithRotationPeriodProperties extends KeyProperties {
  RotationPeriodInDays?: Value<number>;
}

/** Resource attribute missing from cloudform-types' ResourceBase. */
export type WithUpdateReplacePolicy<R extends Resource> = R & { UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot' };

export const pipelineV2 = (properties: PipelineV2Properties): Pipeline => new Pipeline(properties);
export const repositoryWithExclusions = (properties: RepositoryWithExclusionsProperties): Repository =>
  new Repository(properties);
export const keyWithRotationPeriod = (properties: KeyWithRotationPeriodProperties): Key => new Key(properties);

/** Keep the resource on stack deletion and on replacement (data that must outlive the stack). */
export function retained<R extends Resource>(resource: R): WithUpdateReplacePolicy<R> {
  return Object.assign(resource, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }) as WithUpdateReplacePolicy<R>;
}
