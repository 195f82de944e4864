/**
 * Trust policies for roles assumed by AWS services. `aws:SourceAccount` keeps a service acting for
 * another account from assuming them (confused-deputy protection).
 */
import { Ref } from '../intrinsics';
import { policyDocument, type PolicyDocument } from './policy-document';

export function serviceTrust(service: 'codepipeline.amazonaws.com' | 'events.amazonaws.com'): PolicyDocument {
  return policyDocument({
    Sid: 'ServiceAssumesForThisAccount',
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sts:AssumeRole',
    Condition: { StringEquals: { 'aws:SourceAccount': Ref('AWS::AccountId') } },
  });
}
