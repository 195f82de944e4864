/**
 * The one typed extension of cloudform-types: properties AWS added after its types were generated.
 * The offline validator checks these against the current resource schemas (make lint).
 */
import type Resource from 'cloudform-types/types/resource';
import Pipeline, { type ActionDeclaration, type PipelineProperties, type StageDeclaration } from 'cloudform-types/types/codePipeline/pipeline';
import Repository, { type RepositoryProperties } from 'cloudform-types/types/ecr/repository';
import Key, { type KeyProperties } from 'cloudform-types/types/kms/key';
import type { IntrinsicFunction, Value } from 'cloudform-types/types/dataTypes';

/**
 * The fields of a V2 Commands action, which sit beside Configuration rather than in it ("Unlike other
 * actions in CodePipeline, you do not set fields in the action configuration", Commands action
 * reference); names as in the CloudFormation resource specification (ActionDeclaration).
 */
export interface ActionV2Declaration extends Omit<ActionDeclaration, 'OutputArtifacts'> {
  Commands?: string[];
  EnvironmentVariables?: Array<{ Name: string; Value: Value<string>; Type?: 'PLAINTEXT' | 'SECRETS_MANAGER' }>;
  OutputVariables?: string[];
  OutputArtifacts?: Array<{ Name: Value<string>; Files?: string[] }>;
}

/**
 * A rule of a stage condition (AWS::CodePipeline::Pipeline RuleDeclaration: Name, RuleTypeId with
 * Category Rule, Owner, Provider, Version, and Configuration).
 */
export interface RuleDeclaration {
  Name: string;
  RuleTypeId: { Category: 'Rule'; Owner: 'AWS'; Provider: string; Version: string };
  Configuration?: Record<string, Value<string>>;
}

/** A stage condition (AWS::CodePipeline::Pipeline Condition): its Result and 1 to 5 Rules. */
export interface StageCondition {
  Result: 'ROLLBACK' | 'FAIL' | 'RETRY' | 'SKIP';
  Rules: RuleDeclaration[];
}

export interface StageV2Declaration extends Omit<StageDeclaration, 'Actions'> {
  Actions: ActionV2Declaration[];
  /** SuccessConditions: checked once the stage succeeded (an `Fn::If` may drop it). */
  OnSuccess?: { Conditions: StageCondition[] } | IntrinsicFunction;
}

/** V2 pipelines are billed per action minute and support execution modes and variables. */
export interface PipelineV2Properties extends Omit<PipelineProperties, 'Stages'> {
  PipelineType: 'V1' | 'V2';
  ExecutionMode?: Value<'QUEUED' | 'SUPERSEDED' | 'PARALLEL'>;
  /** A stage may be an `Fn::If` that drops it (`AWS::NoValue`) under a condition. */
  Stages: Array<StageV2Declaration | IntrinsicFunction>;
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

export const pipelineV2 = (properties: PipelineV2Properties): Pipeline => new Pipeline(properties as unknown as PipelineProperties);
export const repositoryWithExclusions = (properties: RepositoryWithExclusionsProperties): Repository =>
  new Repository(properties);
export const keyWithRotationPeriod = (properties: KeyWithRotationPeriodProperties): Key => new Key(properties);

/** Keep the resource on stack deletion and on replacement (data that must outlive the stack). */
export function retained<R extends Resource>(resource: R): WithUpdateReplacePolicy<R> {
  return Object.assign(resource, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }) as WithUpdateReplacePolicy<R>;
}
