/**
 * The answer to a message, as data: what the message said, what it maps to in the deployment, whether
 * the policies held against it (the templates, or for doctor the live policies) allow it, which policy
 * type denied it, the statement to change and how, and the commands that show the live policies.
 * `--json` prints it as it is; render.ts words it for people.
 */
import type { Documentation } from '../access-model/documentation';
import type { Check } from './live-commands';
import type { DeniedBy, MessageForm, ParsedMessage } from './message';
import type { SideFinding } from './side-findings';

export interface CallRef {
  id: string;
  step: string;
  /** The permission table row the call comes from, with the pages it cites. */
  documentation?: Documentation;
  /** For the push, the one page that lists its actions. */
  source?: { title: string; url: string };
}

export interface Candidate {
  call: CallRef;
  caller: string;
  resource: string;
  actions: string[];
  /** Why this call could have produced the message, and whether it is the likely one. */
  why: string;
  likely: boolean;
  templatesAllow: boolean;
  /** With live policies (doctor): whether they allow it. */
  liveAllows?: boolean;
  deniedBy: DeniedBy;
  statement?: string;
  fix: string;
  checks: Check[];
}

/** Whose the caller and the resource are: the deployment's, another principal or resource of account A or B, another account's, or not given. */
export interface Scope {
  caller: 'deployment' | 'account' | 'foreign' | 'elided';
  resource: 'deployment' | 'account' | 'foreign' | 'none';
  why: string;
}

/**
 * How AWS refused: the identity policy (no allow / an explicit deny), the resource policy (bucket,
 * repository, queue, bus), a role's trust policy, a KMS key policy, a bucket-policy condition
 * (aws:SecureTransport, SSE-KMS), the Organizations policies, a permissions boundary, a session policy,
 * a VPC endpoint policy, S3 Block Public Access, S3 Object Ownership with ACLs disabled, or unknown.
 */
export type Mechanism =
  | 'identity-policy'
  | 'identity-explicit-deny'
  | 'resource-policy'
  | 'resource-explicit-deny'
  | 'trust-policy'
  | 'key-policy'
  | 'bucket-condition'
  | 'scp'
  | 'rcp'
  | 'boundary'
  | 'session'
  | 'vpce'
  | 'block-public-access'
  | 'object-ownership'
  | 'unknown';

export interface Explanation {
  /** `deployment`: the message is about this deployment (exit 0); `elsewhere`: understood, but about something else (exit 1). */
  about: 'deployment' | 'elsewhere';
  form: MessageForm;
  /** Caller, action and resource as the message gives them. */
  caller?: string;
  action?: string;
  resource?: string;
  message: Pick<ParsedMessage, 'decision' | 'policyType' | 'policyArn' | 'via' | 'otherReason' | 'operation' | 'service' | 'bucket' | 'objectKey' | 'image' | 'deadLetter' | 'truncated' | 'publicAcl'>;
  /**
   * Whether the request is one of this deployment's: its caller and its resource belong to it (or the
   * message elides the caller of a request on its resources), and the pipeline makes such a call. Out of
   * scope, `scope` says which side is foreign and why, and no drift is advised.
   */
  inScope: boolean;
  scope: Scope;
  /** The denial mechanism, finer than deniedBy (which side, which kind of policy or setting). */
  mechanism: Mechanism;
  /** `low`: the message does not settle it; `checks` then hold the two or three that decide. */
  confidence: 'high' | 'low';
  /** The model's key of the caller (`B:PipelineRole`), with how its name was recognised. */
  principalKey?: string;
  principal?: string;
  resourceKey?: string;
  resourceDescription?: string;
  matchedBy?: { caller?: string; resource?: string };
  /** What the call is: a pipeline call (with its permission table row), an administration grant, a call denied on purpose, the push. */
  intent?: 'pipeline-call' | 'administration' | 'denied-on-purpose' | 'outside-templates' | 'not-a-pipeline-call';
  call?: CallRef;
  /** Whether the policies evaluated (the templates) allow the request: false when they deny it, true when they allow it or leave it to policies outside them. */
  templatesAllow: boolean;
  /** Only with live policies (doctor): whether those allow it. */
  liveAllows?: boolean;
  /** Which policy type denied it: from the message when it says, else from the evaluation. */
  deniedBy: DeniedBy;
  /** The statement to change (`<template> <policy>: <Sid>`), the denying policy's ARN, or the statement the live policy must hold. */
  statement?: string;
  fix: string;
  sides?: { identity: SideFinding; resource: SideFinding };
  checks: Check[];
  /** For messages that name no single call: the calls that could have produced it. */
  candidates?: Candidate[];
  notes: string[];
  /** What the request was held against, e.g. `the templates xacct 0.1.0 deploys`. */
  evaluatedAgainst: string;
}

export function messageFacts(parsed: ParsedMessage): Explanation['message'] {
  const keys = ['decision', 'policyType', 'policyArn', 'via', 'otherReason', 'operation', 'service', 'bucket', 'objectKey', 'image', 'deadLetter', 'truncated', 'publicAcl'] as const;
  return Object.fromEntries(keys.filter((k) => parsed[k] !== undefined).map((k) => [k, parsed[k]])) as Explanation['message'];
}
