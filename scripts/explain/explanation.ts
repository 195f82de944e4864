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

export interface Explanation {
  /** `deployment`: the message is about this deployment (exit 0); `elsewhere`: understood, but about something else (exit 1). */
  about: 'deployment' | 'elsewhere';
  form: MessageForm;
  /** Caller, action and resource as the message gives them. */
  caller?: string;
  action?: string;
  resource?: string;
  message: Pick<ParsedMessage, 'decision' | 'policyType' | 'policyArn' | 'via' | 'otherReason' | 'operation' | 'service' | 'bucket' | 'objectKey' | 'image' | 'deadLetter' | 'truncated'>;
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
  const keys = ['decision', 'policyType', 'policyArn', 'via', 'otherReason', 'operation', 'service', 'bucket', 'objectKey', 'image', 'deadLetter', 'truncated'] as const;
  return Object.fromEntries(keys.filter((k) => parsed[k] !== undefined).map((k) => [k, parsed[k]])) as Explanation['message'];
}
