/**
 * What each statement of the deployer policy is scoped to: one entry per kind of resource a call of the
 * deployer table works on, with the statement id, the resources, the condition that narrows it and the
 * words that say why. Formats and condition keys: the Service Authorization Reference (references.ts).
 */
import { PIPELINE_SUFFIX, SOURCE_ROLE_SUFFIX } from '../../templates-src/policies/arns';
import { bootstrapStackName } from '../../templates-src/bootstrap';
import { GENERATED_NAME_SOURCES, type DeploymentArns } from './arns';
import type { ConditionBlock } from './policy-types';
import { API, SAR } from './references';
import type { AccountScope, CatalogScope } from './scope';

/** The tag publish puts on its portfolios and products, and finds them by. */
export const CATALOG_TAG_KEY = 'xacct:catalog';

export type ScopeKey =
  | 'stack'
  /** The bootstrap stack (`<namePrefix>-xacct-bootstrap`): plan reads its template tag. */
  | 'bootstrap-stack'
  | 'stack-changes'
  /** Tagging the stack as part of a change set (tag-on-create authorization, cloudformation:CreateAction). */
  | 'stack-tags'
  | 'change-set-events'
  /** The StackSets engine's two stage stack sets (account A). */
  | 'stack-sets'
  /** The StackSets engine's stage-1 instance stack in a target account, and the buckets it creates. */
  | 'stage-one-instance'
  /** Both stage stack sets' instance stacks in a target account (read by deploy and teardown). */
  | 'stack-set-instances'
  | 'stage-one-instance-buckets'
  | 'stage-one-instance-objects'
  | 'image-definitions'
  | 'stack-buckets'
  | 'default-bus'
  | 'stack-pipelines'
  | 'stack-roles'
  | 'stack-rules'
  | 'stack-keys'
  | 'ecs-service'
  | 'ecs-tasks'
  | 'ecs-task-list'
  | 'repository'
  /** pipeline.rollbackAlarmName in account B (promote reads its state). */
  | 'rollback-alarm'
  | 'cloudformation-role'
  | 'catalog-bucket'
  | 'catalog-templates'
  | 'portfolios-read'
  | 'catalog-portfolio'
  | 'new-portfolio'
  | 'products-read'
  | 'catalog-products'
  | 'new-product'
  /** Actions IAM allows only on "*": each gets a statement of its own. */
  | 'any-resource'
  /** No permission is needed (sts:GetCallerIdentity). */
  | 'none';

export interface ResolvedScope {
  sid: string;
  resources: string[];
  condition?: ConditionBlock;
  why: string;
  sources: string[];
}

export interface ScopeInput {
  arns: DeploymentArns;
  account: AccountScope;
  catalog?: CatalogScope;
  /** The deployment's name prefix: account A's source role is named from it. */
  namePrefix: string;
  /** pipeline.rollbackAlarmName, when the config names one. */
  rollbackAlarmName?: string;
}

const catalogOf = (i: ScopeInput): CatalogScope => {
  if (!i.catalog) throw new Error('a catalog call was resolved for an account without a catalog');
  return i.catalog;
};

const tagged = (kind: 'ResourceTag' | 'RequestTag', c: CatalogScope): ConditionBlock => ({ StringEquals: { [`aws:${kind}/${CATALOG_TAG_KEY}`]: c.catalogTag } });

/** Resolves a scope kind for one account; `any-resource` and `none` are handled by the policy builder. */
export function resolveScope(key: Exclude<ScopeKey, 'any-resource' | 'none'>, i: ScopeInput): ResolvedScope {
  const { arns, account } = i;
  const role = account.cloudFormationRoleArn;
  switch (key) {
    case 'stack':
      return { sid: 'DeploymentStack', resources: arns.stacks, why: `stack ${arns.stackName}${arns.stacks.length > 1 ? ' and its numbered fleet stacks' : ''} under any stack id (its ARN ends in the id)`, sources: [SAR.cloudformation, API.cloudFormationIam] };
    case 'bootstrap-stack':
      return {
        sid: 'BootstrapStack',
        resources: [arns.bootstrapStack(bootstrapStackName(i.namePrefix))],
        why: `stack ${bootstrapStackName(i.namePrefix)} under any stack id: plan reads its xacct:template-sha256 tag to say when bootstrap is due`,
        sources: [SAR.cloudformation, API.cloudFormationIam],
      };
    case 'stack-changes':
      // Without a role these calls need nothing beyond the stack: the same statement as the reads.
      if (!role) return resolveScope('stack', i);
      return {
        sid: 'DeploymentStackChangesThroughRole',
        resources: arns.stacks,
        condition: { StringEquals: { 'cloudformation:RoleArn': role } },
        why: `changes to stack ${arns.stackName}, only when they run as the CloudFormation role ${role} (condition key cloudformation:RoleArn), so these credentials cannot change the stack with their own permissions`,
        sources: [SAR.cloudformation, API.cloudFormationIam],
      };
    case 'stack-tags':
      return {
        sid: 'TagDeploymentStackThroughChangeSets',
        resources: arns.stacks,
        condition: { StringEquals: { 'cloudformation:CreateAction': [...STACK_TAGGING_CREATE_ACTIONS] } },
        why: `the tags of stack ${arns.stackName}, only as part of a change set (condition key cloudformation:CreateAction: "the name of a resource-mutating API action ... to add or remove tags on a stack"), never by a TagResource call of its own`,
        sources: [SAR.cloudformation, ...CLOUDFORMATION_TAG_ON_CREATE],
      };
    case 'change-set-events':
      return {
        sid: 'ChangeSetEvents',
        resources: [arns.changeSets, ...arns.stacks],
        why: `the events of a failed change set (DescribeEvents by change set ARN), to name the resource early validation refused. Change sets are named xacct-*; unsure whether AWS authorizes this call on the change set or on its stack, so both are granted`,
        sources: [SAR.cloudformation],
      };
    case 'stack-sets':
      return {
        sid: 'StageStackSets',
        resources: [arns.stackSets],
        why: `the two stage stack sets the StackSets engine administers (${arns.stackSets.split('stackset/')[1]!.split(':')[0]}), under any stack set id`,
        sources: [SAR.cloudformation],
      };
    case 'stage-one-instance':
      return {
        sid: 'StageOneInstanceStack',
        resources: [arns.stageOneInstance],
        why: 'the stage-1 stack the StackSets engine\'s stack set makes here (StackSet-<set>-<id>): the teardown reads what it holds and, when StackSets could not delete it for a bucket with objects, deletes it keeping that bucket',
        sources: [SAR.cloudformation],
      };
    case 'stack-set-instances':
      return {
        sid: 'StackSetInstanceStacks',
        resources: [arns.stackSetInstances],
        why: 'the stacks the StackSets engine\'s two stack sets make here (StackSet-<set>-<id>): read for their outputs, and by the teardown for what is left of them',
        sources: [SAR.cloudformation],
      };
    case 'stage-one-instance-buckets':
      return {
        sid: 'StageOneInstanceBuckets',
        resources: [arns.stageOneInstanceBuckets],
        why: 'the buckets the stage-1 instance stack creates, matched by the prefix CloudFormation gives their generated names (the instance\'s stack name, lower-case, as far as it survives the cut)',
        sources: [SAR.s3, ...GENERATED_NAME_SOURCES],
      };
    case 'stage-one-instance-objects':
      return {
        sid: 'StageOneInstanceImageDefinitions',
        resources: [arns.stageOneInstanceObjects],
        why: 'the image definitions object in the source bucket of the stage-1 instance stack',
        sources: [SAR.s3, ...GENERATED_NAME_SOURCES],
      };
    case 'image-definitions':
      return {
        sid: 'ImageDefinitionsObject',
        resources: [arns.imageDefinitions],
        why: `the image definitions object in the buckets stack ${arns.stackName} creates: their names are generated, so they are matched by the prefix CloudFormation gives them (the stack name, lower-case)`,
        sources: [SAR.s3, ...GENERATED_NAME_SOURCES],
      };
    case 'stack-buckets':
      return {
        sid: 'StackBuckets',
        resources: [arns.stackBuckets],
        why: `the buckets stack ${arns.stackName} creates, matched by the prefix CloudFormation gives their generated names (the stack name, lower-case)`,
        sources: [SAR.s3, ...GENERATED_NAME_SOURCES],
      };
    case 'default-bus':
      return { sid: 'DefaultEventBus', resources: [arns.defaultBus], why: 'the default event bus, whose policy lets account A put events', sources: [SAR.events] };
    case 'stack-pipelines': {
      const pipeline = `${i.namePrefix}${PIPELINE_SUFFIX}`;
      return {
        sid: 'StackPipelines',
        resources: [arns.pipelineNamed(pipeline)],
        why: `the pipeline stack ${arns.stackName} creates, by its name ${pipeline} (derived from pipeline.namePrefix)`,
        sources: [SAR.codepipeline],
      };
    }
    case 'repository':
      return { sid: 'Repository', resources: [arns.repository], why: 'the ECR repository stack A creates, by name', sources: [SAR.ecr] };
    case 'stack-roles': {
      const sourceRole = `${i.namePrefix}${SOURCE_ROLE_SUFFIX}`;
      return {
        sid: 'ReadStackRoles',
        resources: [arns.stackRoles(), ...(account.key === 'source' ? [arns.role(sourceRole)] : [])],
        why: `the roles stack ${arns.stackName} creates (generated names, matched by the stack-name prefix)${account.key === 'source' ? `, and the source role it names ${sourceRole}` : ''}: doctor reads their trust and policies`,
        sources: [SAR.iam, ...GENERATED_NAME_SOURCES],
      };
    }
    case 'stack-rules':
      return {
        sid: 'ReadStackRules',
        resources: [arns.stackRules],
        why: `the rules on the default bus stack ${arns.stackName} creates (generated names, matched by the stack-name prefix): doctor reads their pattern, state and targets`,
        sources: [SAR.events, ...GENERATED_NAME_SOURCES],
      };
    case 'stack-keys':
      return {
        sid: 'ReadStackKeys',
        resources: [arns.keys],
        why: 'the artifact key: key ids are random, so any key of the account; doctor reads its key policy (the key policy itself decides who may read it)',
        sources: [SAR.kms],
      };
    case 'ecs-service':
      return {
        sid: 'ReadEcsService',
        resources: [arns.ecsService, arns.ecsServiceShort],
        why: `the ECS service the pipeline deploys to (pipeline.ecsCluster, pipeline.ecsService), in the long ARN format and the short one services created before 2021 keep until migrated: status reads which task definition it runs`,
        sources: [SAR.ecs, ECS_SERVICE_ARN_FORMATS],
      };
    case 'ecs-tasks':
      return { sid: 'ReadEcsTasks', resources: [arns.ecsTasks], why: `the tasks of cluster ${arns.ecsCluster} (task ids are random): status reads the image digest each running task pulled`, sources: [SAR.ecs] };
    case 'ecs-task-list':
      return {
        sid: 'ListEcsTasks',
        resources: [arns.ecsContainerInstances],
        why: `lists the tasks of cluster ${arns.ecsCluster}: the reference scopes ListTasks to the cluster's container instances (ARN container-instance/<cluster>/<id>; the ECS guide's writers confirmed that format when a reader found an older one failing)`,
        sources: [SAR.ecs, API.ecsListTasksResource],
      };
    case 'rollback-alarm': {
      if (!i.rollbackAlarmName) throw new Error('the rollback alarm was resolved for a config without pipeline.rollbackAlarmName');
      return {
        sid: 'ReadRollbackAlarm',
        resources: [arns.alarm(i.rollbackAlarmName)],
        why: `the rollback alarm ${i.rollbackAlarmName} (pipeline.rollbackAlarmName): promote requires it OK before releasing to the next wave`,
        sources: [SAR.cloudwatch],
      };
    }
    case 'cloudformation-role':
      return {
        sid: 'PassCloudFormationRole',
        resources: [role!],
        condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
        why: `hands the CloudFormation role ${role} to CloudFormation (RoleARN of CreateChangeSet, DeleteStack and ContinueUpdateRollback) and to no other service`,
        sources: [API.cloudFormationServiceRole, API.passRole, SAR.iam],
      };
    case 'catalog-bucket':
      return { sid: 'CatalogTemplateBucket', resources: [arns.catalogBucket(catalogOf(i))], why: `the bucket publish uploads the templates to (publish.catalogs.${account.key}.bucket)`, sources: [SAR.s3] };
    case 'catalog-templates':
      return {
        sid: 'CatalogTemplateObjects',
        resources: [arns.catalogTemplates(catalogOf(i))],
        why: `the template objects under publish.catalogs.${account.key}.keyPrefix, which Service Catalog loads its versions from`,
        sources: [SAR.s3],
      };
    case 'portfolios-read': {
      const c = catalogOf(i);
      return c.portfolioId
        ? { sid: 'CatalogPortfolioRead', resources: [arns.portfolio(c.portfolioId)], why: `the portfolio the config names (${c.portfolioId})`, sources: [SAR.servicecatalog] }
        : {
            sid: 'PortfoliosRead',
            resources: [arns.portfolio('*')],
            why: `every portfolio of the account: publish reads each one's tags to find the one tagged ${CATALOG_TAG_KEY}=${c.catalogTag} (names are not unique), so this read cannot be narrowed by tag`,
            sources: [SAR.servicecatalog],
          };
    }
    case 'catalog-portfolio': {
      const c = catalogOf(i);
      return c.portfolioId
        ? { sid: 'CatalogPortfolio', resources: [arns.portfolio(c.portfolioId)], why: `the portfolio the config names (${c.portfolioId})`, sources: [SAR.servicecatalog] }
        : {
            sid: 'CatalogPortfolio',
            resources: [arns.portfolio('*')],
            condition: tagged('ResourceTag', c),
            why: `the portfolio tagged ${CATALOG_TAG_KEY}=${c.catalogTag} (portfolios support aws:ResourceTag)`,
            sources: [SAR.servicecatalog],
          };
    }
    case 'new-portfolio': {
      const c = catalogOf(i);
      return {
        sid: 'CreateTaggedPortfolio',
        resources: [arns.portfolio('*')],
        condition: tagged('RequestTag', c),
        why: `creates the portfolio only with the tag ${CATALOG_TAG_KEY}=${c.catalogTag} (CreatePortfolio supports aws:RequestTag); its id does not exist before`,
        sources: [SAR.servicecatalog],
      };
    }
    case 'products-read':
      return {
        sid: 'ProductsRead',
        resources: [arns.product('*')],
        why: `every product of the account: publish reads each one's tags to find its own (names are not unique), so this read cannot be narrowed by tag`,
        sources: [SAR.servicecatalog],
      };
    case 'catalog-products': {
      const c = catalogOf(i);
      return {
        sid: 'CatalogProducts',
        resources: [arns.product('*')],
        condition: tagged('ResourceTag', c),
        why: `the products tagged ${CATALOG_TAG_KEY}=${c.catalogTag} (products support aws:ResourceTag)`,
        sources: [SAR.servicecatalog],
      };
    }
    case 'new-product': {
      const c = catalogOf(i);
      return {
        sid: 'CreateTaggedProduct',
        resources: [arns.product('*')],
        condition: tagged('RequestTag', c),
        why: `creates products only with the tag ${CATALOG_TAG_KEY}=${c.catalogTag} (CreateProduct supports aws:RequestTag); their ids do not exist before`,
        sources: [SAR.servicecatalog],
      };
    }
  }
}

/** "Services that were created before 2021 have a short ARN format": service/<name> next to service/<cluster>/<name>. */
const ECS_SERVICE_ARN_FORMATS = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-arn-migration.html';

/**
 * The change set calls through which a stack's tags may change. AWS's own managed policies grant
 * cloudformation:TagResource to exactly these CreateAction values beside CreateChangeSet/ExecuteChangeSet
 * (SecretsManagerReadWrite, statement CloudFormationTagOnCreate; AWSQuickSetupPatchPolicyDeploymentRolePolicy,
 * statement CfnTagOnMutate, which adds CreateStack and UpdateStack, calls xacct does not make).
 */
export const STACK_TAGGING_CREATE_ACTIONS = ['CreateChangeSet', 'ExecuteChangeSet'] as const;
export const CLOUDFORMATION_TAG_ON_CREATE = [
  'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/SecretsManagerReadWrite.html',
  'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSQuickSetupPatchPolicyDeploymentRolePolicy.html',
];
