/**
 * Everything `xacct verify-access` proves, from the templates alone: the permission chain (calls,
 * probes, extra grants), that every IAM name exists, and the Control Tower proactive controls; plus the
 * access matrix rendered from the proof. Problems are sentences; none means proven.
 */
import type { TemplateName } from '../../templates-src';
import { renderAccessMatrix } from './access-matrix';
import { runControls, failureText, type ControlsResult } from './controls';
import { checkIamNames, type IamNamesResult } from './iam-names';
import { proveAccess, type AccessProof, type ProveOptions } from './prove-access';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface VerifyOptions extends ProveOptions {
  /** Run the Control Tower controls (cfn-guard). Default true. */
  controls?: boolean;
}

export interface VerifyResult {
  proof: AccessProof;
  iamNames: IamNamesResult;
  controls?: ControlsResult;
  /** The content generated/ACCESS.md must have. */
  accessMatrix: string;
  problems: string[];
}

export async function verifyAccess(templates: Record<TemplateName, Json>, options: VerifyOptions = {}): Promise<VerifyResult> {
  const proof = await proveAccess(templates, options);
  const iamNames = await checkIamNames(proof.model.ourPolicies);
  const controls = options.controls === false ? undefined : runControls(templates, proof.model.deployment.templates);
  const problems = [
    ...proof.problems,
    ...iamNames.unknown,
    ...(controls?.failures ?? []).map(failureText),
    ...(controls?.unusedExemptions ?? []).map(
      (e) => `the exemption of ${e.control} for ${e.resource}${e.only ? ` (${e.only} form only)` : ''} matches no failure: remove it from scripts/verify/control-exemptions.ts and docs/proving-access.md`,
    ),
  ];
  return { proof, iamNames, controls, accessMatrix: renderAccessMatrix(proof), problems };
}
