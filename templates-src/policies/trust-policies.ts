/**
 * Trust policies for roles assumed by AWS services, each granting its row of the permission table.
 * EventBridge's roles carry `aws:SourceAccount` (EventBridge documents it for rule targets, rows
 * forward/assume-forwarding-role and trigger/assume-trigger-role); CodePipeline's carries no condition
 * (AWS documents none for it, row pipeline/assume-pipeline-role).
 */
import { Ref } from '../intrinsics';
import { grant } from '../permissions/grant';
import type { PermissionId } from '../permissions/action-permissions';
import { policyDocument, type PolicyDocument } from './policy-document';

export function codePipelineTrust(): PolicyDocument {
  return policyDocument(
    grant({ sid: 'CodePipelineAssumes', rows: ['pipeline/assume-pipeline-role'], principal: { Service: 'codepipeline.amazonaws.com' } }),
  );
}

export function eventBridgeTrust(row: Extract<PermissionId, 'forward/assume-forwarding-role' | 'trigger/assume-trigger-role'>): PolicyDocument {
  return policyDocument(
    grant({
      sid: 'EventBridgeAssumesForThisAccount',
      rows: [row],
      principal: { Service: 'events.amazonaws.com' },
      values: { 'this-account': Ref('AWS::AccountId') },
    }),
  );
}
