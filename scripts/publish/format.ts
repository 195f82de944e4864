/** Wording of publish steps and results, shared by the reporter and `--dry-run`. */
import type { PublishStepResult } from './events';
import type { PublishStep } from './plan-types';
import { shareLabel, shareOfType } from './share-plan';

const where = (step: PublishStep) => `in account ${step.accountId} (${step.catalog})`;

export function describePublishStep(step: PublishStep): string {
  const action = step.action.padEnd(9);
  switch (step.kind) {
    case 'upload-template':
      return `${action} ${step.template} sha256:${step.hash} to s3://${step.bucket}/${step.key}`;
    case 'portfolio':
      return `${action} portfolio "${step.name}"${step.portfolioId ? ` ${step.portfolioId}` : ''} ${where(step)}`;
    case 'product':
      return `${action} ${step.product} product "${step.name}"${step.productId ? ` ${step.productId}` : ''}${step.firstVersion ? ` with version ${step.firstVersion.name}` : ''} ${where(step)}`;
    case 'version':
      return `${action} version ${step.version.name} (${step.version.template}) of the ${step.product} product`;
    case 'associate-product':
      return `${action} the ${step.product} product with the portfolio`;
    case 'associate-principal':
      return `${action} principal ${step.principalArn} with the portfolio`;
    case 'share-portfolio':
      return `${action} the portfolio with account ${step.shareWith}`;
    case 'share':
      return `${action} the portfolio with ${shareLabel(step.shareTarget)}`;
    case 'unshare':
      return `${action} the share with ${shareLabel(shareOfType(step.shareType, step.principalId))}`;
    case 'launch-constraint':
      return `${action} launch constraint of the target product: LocalRoleName ${step.localRoleName}`;
    case 'deprecate-version':
      return `${action} version ${step.versionName} (${step.versionId}) of the ${step.product} product`;
  }
}

export function describePublishResult(result: PublishStepResult): string {
  switch (result.outcome) {
    case 'uploaded':
      return `uploaded ${result.url}`;
    case 'created':
      return `created ${result.id}`;
    case 'no-change':
      return `no change: ${result.reason}`;
    default:
      return result.outcome;
  }
}
