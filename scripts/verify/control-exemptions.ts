/**
 * AWS Control Tower proactive controls that a template fails on purpose, each with its reason. The
 * docs/proving-access.md shows this list (a test keeps the two in step); an exemption that matches no failure fails
 * the check, so the list cannot go stale.
 */
import type { TemplateName } from '../../templates-src';

export interface ControlExemption {
  /** Control id, e.g. CT.S3.PR.2. */
  control: string;
  /** Logical id of the resource that fails it. */
  resource: string;
  templates: TemplateName[];
  /**
   * `generated`: only the template as generated fails (the rule cannot read through an intrinsic
   * function); the template resolved with example parameters, which is what Control Tower's hook sees at
   * deployment, must pass. Omitted: both forms fail.
   */
  only?: 'generated';
  reason: string;
}

const B_TEMPLATES: TemplateName[] = ['AccB-pipeline-1', 'AccB-pipeline-2'];

export const CONTROL_EXEMPTIONS: readonly ControlExemption[] = [
  {
    control: 'CT.S3.PR.2',
    resource: 'ArtifactBucket',
    templates: B_TEMPLATES,
    reason:
      'No server access logging: it needs a second bucket per stack, which this control would require to log in turn. Only the two pipeline roles write here (generated/ACCESS.md), and every encryption and decryption of an artifact is a KMS call that CloudTrail records; for object-level records enable CloudTrail S3 data events on the bucket.',
  },
  {
    control: 'CT.S3.PR.2',
    resource: 'SourceBucket',
    templates: B_TEMPLATES,
    reason:
      "No server access logging: it needs a second bucket per stack, which this control would require to log in turn. The bucket holds one object, imagedefinitions.zip, uploaded in account B and read only by the pipeline role; every upload is also an Object Created event on account B's default bus (the event that starts the pipeline). For object-level records of reads enable CloudTrail S3 data events on the bucket.",
  },
  {
    control: 'CT.S3.PR.9',
    resource: 'ArtifactBucket',
    templates: B_TEMPLATES,
    reason:
      'No Object Lock: artifacts are rebuilt by every run and expire after ArtifactRetentionDays (lifecycle rule). Object Lock with a retention period would keep them past that; without one it would pass the control and protect nothing. Versioning keeps overwritten artifacts until they expire.',
  },
  {
    control: 'CT.S3.PR.9',
    resource: 'SourceBucket',
    templates: B_TEMPLATES,
    reason:
      'No Object Lock: imagedefinitions.zip is replaced on every release and its older versions expire after ArtifactRetentionDays (lifecycle rule), which locked versions would outlive. Versioning lets each run read the exact version it started with.',
  },
  {
    control: 'CT.S3.PR.10',
    resource: 'SourceBucket',
    templates: B_TEMPLATES,
    reason:
      'SSE-S3 (AES256) on purpose: whoever uploads imagedefinitions.zip in account B (a person or a CI role) would otherwise have to be a user of the artifact key, whose key policy gives data use to the two pipeline roles only. The object is still encrypted at rest (AES-256), the bucket is private and TLS-only, and the pipeline role only reads it.',
  },
  {
    control: 'CT.ECR.PR.3',
    resource: 'Repository',
    templates: ['AccA-pipeline'],
    reason:
      'The pipeline deploys one tag (ImageTag, default latest) and starts on every push of it, so that tag must move; every other tag is immutable (IMMUTABLE_WITH_EXCLUSION, the tracked tag the only exclusion). The control accepts only IMMUTABLE, under which the second push of the tracked tag fails.',
  },
  {
    control: 'CT.SQS.PR.1',
    resource: 'ForwardingDeadLetterQueue',
    templates: ['AccA-pipeline'],
    reason:
      "This queue is itself the dead-letter queue of the forwarding rule's target: it keeps events EventBridge could not deliver to account B and has no consumer that could fail, so a dead-letter queue behind it would stay empty. The control's other way out, a RedriveAllowPolicy, governs SQS source queues only and would have to let every queue of account A use this one.",
  },
  {
    control: 'CT.ECR.PR.1',
    resource: 'Repository',
    templates: ['AccA-pipeline'],
    only: 'generated',
    reason:
      'The repository has a lifecycle policy (it keeps the newest KeepUntaggedImages untagged images), built with Fn::Sub, which the rule cannot read before CloudFormation resolves it. Control Tower runs the control as a CloudFormation hook on resolved properties, and the resolved template passes it.',
  },
];
