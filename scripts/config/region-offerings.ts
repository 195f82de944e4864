/**
 * Regions where the pipeline cannot run, or may not: cited facts, each with its source and the date it
 * was read. CodePipeline "Certain action types in CodePipeline may only be available in certain AWS
 * Regions" (CodePipeline user guide, actions-create-cross-region.html), and the Commands action (release
 * by digest) "uses CodePipeline managed CodeBuild compute to run commands in a build environment"
 * (action-reference-Commands.html): where CodeBuild has no endpoint, the Commands action cannot run.
 *
 * `plan` and `deploy-sequence` refuse a region below before any AWS call; where the evidence is thin they
 * warn and say what settles it. A region not listed here is taken as offering both (the SDK knows it:
 * regions.ts). Re-read the sources when a region is added to AWS's lists.
 */
import type { ConfigProblem } from './config-problems';

/** The AWS SDKs' endpoint data: a service without an entry for a region has no endpoint there. */
const BOTOCORE_ENDPOINTS = 'https://github.com/boto/botocore/blob/develop/botocore/data/endpoints.json';
const CODEPIPELINE_ENDPOINTS = 'https://docs.aws.amazon.com/general/latest/gr/codepipeline.html';
const COMMANDS_ACTION = 'https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-Commands.html';
/** CloudFormation's own resource schema per region (cfn-lint copies them from each region's registry). */
const CFN_REGION_SCHEMAS = 'https://github.com/aws-cloudformation/cfn-lint/tree/main/src/cfnlint/data/schemas/providers';

export interface RegionFact {
  /** What is known, in a sentence a person can act on. */
  fact: string;
  sources: readonly string[];
  /** When the sources were read (YYYY-MM). */
  read: string;
}

/** Regions with no CodePipeline endpoint: the pipeline of stage 2 cannot exist there. */
export const CODEPIPELINE_NOT_OFFERED: Readonly<Record<string, RegionFact>> = Object.fromEntries(
  ['ca-west-1', 'mx-central-1', 'ap-east-2', 'ap-southeast-7'].map((region) => [
    region,
    { fact: `the AWS SDKs' endpoint data lists no CodePipeline endpoint for ${region}`, sources: [BOTOCORE_ENDPOINTS, CODEPIPELINE_ENDPOINTS], read: '2026-08' },
  ]),
);

/** Regions with no CodeBuild endpoint: the Commands action (CodePipeline-managed CodeBuild compute) cannot run. */
export const COMMANDS_ACTION_NOT_OFFERED: Readonly<Record<string, RegionFact>> = Object.fromEntries(
  ['ca-west-1', 'mx-central-1', 'ap-east-2'].map((region) => [
    region,
    {
      fact: `the AWS SDKs' endpoint data lists no CodeBuild endpoint for ${region}, and the Commands action runs on CodePipeline-managed CodeBuild compute`,
      sources: [BOTOCORE_ENDPOINTS, COMMANDS_ACTION],
      read: '2026-08',
    },
  ]),
);

/**
 * Regions where CodePipeline is offered but the Commands action is not known to be: CloudFormation's
 * schema of AWS::CodePipeline::Pipeline there predates the action (no `Commands` on an action). Thin
 * evidence (a schema copy may lag the service), so a warning, not a refusal.
 */
export const COMMANDS_ACTION_UNSURE: Readonly<Record<string, RegionFact>> = Object.fromEntries(
  ['ap-southeast-5', 'ap-southeast-6'].map((region) => [
    region,
    {
      fact: `CloudFormation's schema of AWS::CodePipeline::Pipeline in ${region} predates the Commands action`,
      sources: [CFN_REGION_SCHEMAS, COMMANDS_ACTION],
      read: '2026-08',
    },
  ]),
);

export interface RegionVerdict {
  /** Refusals: the deployment cannot work in this region as configured. */
  problems: ConfigProblem[];
  /** Warnings: it may not work; each says what would settle it. */
  warnings: string[];
}

const settle = (region: string) => `\`aws codepipeline list-action-types --action-owner-filter AWS --region ${region}\` lists the action types offered there (look for category Compute, provider Commands)`;

/** What the region of a deployment allows, given how it releases (pipeline.release). */
export function regionVerdict(region: string, release: 'digest' | 'tag'): RegionVerdict {
  const noPipeline = CODEPIPELINE_NOT_OFFERED[region];
  if (noPipeline) {
    return {
      problems: [{ path: 'region', message: `CodePipeline is not offered in ${region} (${noPipeline.fact}, read ${noPipeline.read}: ${noPipeline.sources.join(', ')}): choose a region where CodePipeline is offered, for both accounts' stacks` }],
      warnings: [],
    };
  }
  if (release !== 'digest') return { problems: [], warnings: [] };
  const noCommands = COMMANDS_ACTION_NOT_OFFERED[region];
  if (noCommands) {
    return {
      problems: [
        {
          path: 'region',
          message: `the Commands action that release: digest needs is not offered in ${region} (${noCommands.fact}, read ${noCommands.read}: ${noCommands.sources.join(', ')}): set pipeline.release: tag, or choose another region`,
        },
      ],
      warnings: [],
    };
  }
  const unsure = COMMANDS_ACTION_UNSURE[region];
  if (unsure) {
    return {
      problems: [],
      warnings: [
        `region ${region}: the Commands action that release: digest needs may not be offered there (${unsure.fact}, read ${unsure.read}: ${unsure.sources.join(', ')}); ${settle(region)}. If it is missing, set pipeline.release: tag.`,
      ],
    };
  }
  return { problems: [], warnings: [] };
}
