/**
 * AccB-pipeline-1: creates stack B in account B with the foundation only (key, buckets, pipeline role).
 * The pipeline needs account A's role and repository, which do not exist yet: it comes with stage 2.
 */
import type Template from 'cloudform-types/types/template';
import {
  foundationConditions,
  foundationOutputs,
  foundationParameterGroups,
  foundationParameterLabels,
  foundationParameters,
  foundationResources,
} from './acc-b-foundation';
import { consoleInterface, type TemplateDefinition } from './template-types';

export function buildAccBPipeline1(): Template {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      'Cross-account container pipeline, account B (target), stage 1: the artifact key, the artifact and source buckets and the pipeline role that account A will reference. Update this stack with AccB-pipeline-2 after the AccA-pipeline stack exists.',
    Metadata: consoleInterface(foundationParameterGroups(), foundationParameterLabels),
    Parameters: foundationParameters(),
    Conditions: foundationConditions(),
    Resources: foundationResources(),
    Outputs: foundationOutputs(),
  };
}

export const accBPipeline1: TemplateDefinition = {
  name: 'AccB-pipeline-1',
  account: 'target',
  order: 1,
  build: buildAccBPipeline1,
};
