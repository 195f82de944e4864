/**
 * Builds imagedefinitions.zip from stack A's repository URI, the tag and the container name, and puts
 * it in stack B's source bucket. The bucket must be versioned (CodePipeline's S3 source needs object
 * versions); the upload is skipped when the object already holds the same bytes.
 */
import { awsError, describeAwsFailure } from '../../aws/aws-errors';
import type { StepResult } from '../events';
import { definitionsCurrent, IMAGE_DEFINITIONS_HASH } from '../decide';
import { imageDefinitions } from '../image-definitions';
import type { UploadImageDefinitionsStep } from '../plan-types';
import { approved, currentOutputs, type RunContext } from '../run-context';
import { resolveSource } from '../stack-parameters';


export async function uploadImageDefinitions(ctx: RunContext, step: UploadImageDefinitionsStep): Promise<StepResult> {
  const s3 = ctx.aws.target.s3;
  try {
    const outputs = await currentOutputs(ctx);
    const bucket = resolveSource(outputs, step.bucket);
    const repositoryUri = resolveSource(outputs, step.repositoryUri);
    const definitions = imageDefinitions(step.containerName, repositoryUri, step.imageTag);
    const versioning = await s3.bucketVersioning(bucket);
    if (versioning !== 'Enabled') {
      throw awsError(
        'bucket-not-versioned',
        `bucket ${bucket} in account ${step.accountId} is not versioned (${versioning === 'Never' ? 'versioning never enabled' : 'versioning suspended'}): CodePipeline's S3 source needs object versions. Enable versioning on it (stack B does this; was it changed by hand?). Nothing was uploaded.`,
      );
    }
    const head = await s3.headObject(bucket, step.key);
    if (definitionsCurrent(head, definitions.sha256)) return { outcome: 'no-change', reason: `s3://${bucket}/${step.key} already holds ${definitions.json.trim()}` };
    ctx.emit({ type: 'notice', stepId: step.id, message: `will upload s3://${bucket}/${step.key}: ${definitions.json.trim()}` });
    if (!(await approved(ctx, `Upload ${step.key} to ${bucket}?`))) return { outcome: 'not-confirmed' };
    const put = await s3.putObject(bucket, step.key, definitions.zip, { [IMAGE_DEFINITIONS_HASH]: definitions.sha256 }, 'application/zip');
    if (!put.versionId) {
      throw awsError('no-version-id', `uploading s3://${bucket}/${step.key} returned no VersionId: the bucket is not versioned, so the pipeline cannot read it`);
    }
    return { outcome: 'uploaded', bucket, key: step.key, versionId: put.versionId };
  } catch (e) {
    throw describeAwsFailure(e, 'uploading the image definitions', step.accountId);
  }
}
