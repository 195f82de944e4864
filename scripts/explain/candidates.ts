/**
 * Messages that name no caller or action (S3's bare "Access Denied", CodePipeline's "The provided role
 * does not have sufficient permissions", an image pull's "403 Forbidden", an EventBridge dead-letter
 * code): the calls of the pipeline that could have produced them, each evaluated like a full message.
 * S3 sends the bare message for requests from outside the bucket owner's organization ("Cross-account
 * requests outside of the same organization return a generic Access Denied message", S3 User Guide,
 * troubleshoot-403-errors): the cross-account calls come first.
 */
import { PIPELINE_FLOW, STEP, type Call } from '../access-model/flow';
import type { AccessModel } from '../access-model/access-model';
import type { ParsedMessage } from './message';
import { findByName } from './names';

export interface CandidateSet {
  calls: Array<{ call: Call; actions: string[]; likely: boolean }>;
  why: string;
}

/** The IAM action behind an S3 API call of a wrapper ("when calling the ListObjectsV2 operation"). */
const S3_OPERATIONS: Record<string, string> = {
  ListObjectsV2: 's3:ListBucket',
  ListObjects: 's3:ListBucket',
  HeadObject: 's3:GetObject',
  HeadBucket: 's3:ListBucket',
  GetObject: 's3:GetObject',
  PutObject: 's3:PutObject',
  PutObjectAcl: 's3:PutObjectAcl',
  CopyObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  GetBucketVersioning: 's3:GetBucketVersioning',
  GetBucketLocation: 's3:GetBucketLocation',
  GetBucketAcl: 's3:GetBucketAcl',
  GetObjectTagging: 's3:GetObjectTagging',
};

const byId = (id: string) => PIPELINE_FLOW.find((c) => c.id === id)!;
const crossAccount = (c: Call) => c.caller.split(':')[0] !== c.resource.split(':')[0];

function onBucket(model: AccessModel, bucket: string): string | undefined {
  return findByName(model, 'AWS::S3::Bucket', 'B', bucket)?.resource.key;
}

function s3Calls(operation: string | undefined, bucketKey: string | undefined): CandidateSet['calls'] {
  const action = operation ? S3_OPERATIONS[operation] : undefined;
  const calls = PIPELINE_FLOW.filter((c) => c.actions.some((a) => a.startsWith('s3:')) && (!bucketKey || c.resource.split('/')[0] === bucketKey));
  return calls
    .map((call) => ({ call, actions: call.actions.filter((a) => (action ? a === action : a.startsWith('s3:'))), likely: crossAccount(call) }))
    .filter((c) => c.actions.length > 0)
    .sort((a, b) => Number(b.likely) - Number(a.likely));
}

/** The candidate calls of a message without the IAM sentence; undefined when the message is about something else. */
export function candidatesOf(model: AccessModel, parsed: ParsedMessage): CandidateSet | undefined {
  switch (parsed.form) {
    case 'generic-access-denied': {
      const key = parsed.bucket ? onBucket(model, parsed.bucket) : undefined;
      if (parsed.bucket && !key) return undefined;
      const calls = s3Calls(parsed.operation, key);
      return calls.length ? { calls, why: 'a bare "Access Denied" is what S3 answers to a request from outside the bucket owner\'s organization (and to every HEAD request)' } : undefined;
    }
    case 'codepipeline-permissions': {
      if (parsed.service === 'S3' && parsed.bucket) {
        const key = onBucket(model, parsed.bucket);
        if (!key) return undefined;
        return { calls: s3Calls(parsed.operation, key), why: `CodePipeline names bucket ${parsed.bucket}` };
      }
      if (parsed.service === 'ECS') {
        const calls = PIPELINE_FLOW.filter((c) => c.step === STEP.deploy && c.caller === 'B:PipelineRole' && c.actions.some((a) => /^(ecs|iam):/.test(a)));
        return { calls: calls.map((call) => ({ call, actions: call.actions, likely: call.actions.includes('ecs:UpdateService') || call.actions.includes('iam:PassRole') })), why: 'CodePipeline says the ECS deploy action lacks permissions' };
      }
      return undefined;
    }
    case 'codepipeline-artifact': {
      const key = parsed.bucket ? onBucket(model, parsed.bucket) : undefined;
      if (!key) return undefined;
      const calls = [byId('pipeline-reads-artifacts'), byId('pipeline-uses-key')];
      return {
        calls: calls.map((call) => ({ call, actions: call.id === 'pipeline-uses-key' ? ['kms:Decrypt'] : call.actions, likely: true })),
        why: `CodePipeline could not read artifact ${parsed.objectKey ?? ''} from bucket ${parsed.bucket}: reading it needs s3:GetObject on the object and kms:Decrypt on the artifact key`,
      };
    }
    case 'image-pull-forbidden': {
      const i = parsed.image!;
      const ours = i.account === model.accountIds.A && i.region === model.deployment.example.region && i.repository === model.deployment.templates['AccA-pipeline'].physical.Repository.ref;
      if (!ours) return undefined;
      const calls = [byId('execution-role-pulls-image'), byId('execution-role-gets-registry-token')];
      // ECR answers 403, not 404, for a tag or digest it does not hold too (aws-cdk-cli PR #1505: a
      // nonexistent tag; aws/containers-roadmap#2493: a digest a lifecycle policy expired).
      const id = i.reference ? (i.reference.startsWith('sha256:') ? `imageDigest=${i.reference}` : `imageTag=${i.reference}`) : 'imageTag=latest';
      const missing = `ECR answers the same 403 when the image is not in the repository (a tag never pushed, a digest a lifecycle rule expired): check it first with aws ecr describe-images --repository-name ${i.repository} --image-ids ${id} --region ${i.region} (with account A's credentials)`;
      return { calls: calls.map((call) => ({ call, actions: call.actions, likely: call.id === 'execution-role-pulls-image' })), why: `ECS could not pull the image from the repository in account A with the task execution role; ${missing}` };
    }
    case 'eventbridge-dead-letter': {
      const d = parsed.deadLetter!;
      // A dead letter of another rule is not ours: only the forwarding rule has a dead-letter queue here.
      if (d.ruleArn && !findByName(model, 'AWS::Events::Rule', 'A', d.ruleArn.split('/').pop() ?? '')) return undefined;
      if (/ASSUME_ROLE/.test(d.code)) {
        return { calls: [{ call: byId('eventbridge-assumes-forwarding-role'), actions: ['sts:AssumeRole'], likely: true }], why: `${d.code}: EventBridge could not assume the forwarding role of the rule` };
      }
      if (d.code === 'NO_PERMISSIONS' || d.code === 'CROSS_ACCOUNT_INGESTION_FAILED' || d.code === 'NO_RESOURCE') {
        return { calls: [{ call: byId('forward-push-to-target-bus'), actions: ['events:PutEvents'], likely: true }], why: `${d.code}: the forwarding rule could not put the event on account B's default bus` };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
