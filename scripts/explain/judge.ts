/**
 * One request judged: evaluated against the templates' policies, each side's findings, the answer; and,
 * when doctor passes the live policies, evaluated against those too. Where the templates allow what the
 * live policies deny, the answer names the live policy and statement that differ (what doctor reports);
 * `liveAllows` tells the two apart.
 */
import type { RequestEvaluation } from '../iam/evaluate';
import type { Call } from '../access-model/flow';
import type { Probe } from '../access-model/probes';
import { answerFor, type RequestFacts } from './answer';
import type { Intent } from './calls';
import type { DeploymentView } from './deployment-view';
import { evaluateSubject, type Subject } from './evaluate-subject';
import type { Explanation } from './explanation';
import type { MappedCaller } from './map-caller';
import type { MappedResource } from './map-resource';
import type { PolicySource } from './policy-source';
import { sideFindings, type Side, type SideFinding, type StatementBooks } from './side-findings';

export interface Judgement {
  answer: Pick<Explanation, 'templatesAllow' | 'deniedBy' | 'statement' | 'fix' | 'checks' | 'notes'> & { liveAllows?: boolean };
  findings: Record<Side, SideFinding>;
}

export interface JudgeInput {
  view: DeploymentView;
  templates: PolicySource;
  live?: PolicySource;
  books: StatementBooks;
  parsed: RequestFacts['parsed'];
  caller: MappedCaller;
  resource: MappedResource;
  subject: Subject;
  intent?: Intent;
}

function findingsFor(input: JudgeInput, source: PolicySource, books: StatementBooks): { e: RequestEvaluation; findings: Record<Side, SideFinding> } {
  const { view, subject, intent } = input;
  const spec: Call | Probe | undefined = intent?.kind === 'pipeline-call' || intent?.kind === 'administration' ? intent.call : intent?.kind === 'denied-on-purpose' ? intent.probe : undefined;
  const e = evaluateSubject(view.model, source, subject, spec);
  const policies = {
    identity: (source.identityPolicies(subject.caller) ?? []).map((p) => p.label),
    resource: [source.resourcePolicy(subject.resource)].flatMap((p) => (p ? [p.label] : [])),
  };
  return { e, findings: sideFindings(e, subject, intent, policies, books) };
}

export function judge(input: JudgeInput): Judgement {
  const { view, parsed, caller, resource, subject, intent } = input;
  const { e, findings } = findingsFor(input, input.templates, input.books);
  const facts = { view, parsed, caller, resource, action: subject.action, ...(intent ? { intent } : {}), e, findings };
  const answer: Judgement['answer'] = answerFor({ ...facts, sourceName: input.templates.name });
  if (!input.live) return { answer, findings };

  // The live statements are no template's: quote missing ones from the reference templates only.
  const live = findingsFor(input, input.live, { ...(input.books.reference ? { reference: input.books.reference } : {}) });
  const liveAllows = live.e.decision === 'Allowed' || live.e.decision === 'Unknown';
  if (!answer.templatesAllow || liveAllows) {
    const note = liveAllows
      ? `${input.live.name} allow this as well: the denial comes from a policy neither holds (the message's policy type says which).`
      : `${input.live.name} do not allow it either.`;
    return { answer: { ...answer, liveAllows, notes: [...answer.notes, note] }, findings };
  }
  const liveAnswer = answerFor({ ...facts, e: live.e, findings: live.findings, sourceName: input.live.name });
  return {
    answer: {
      ...liveAnswer,
      templatesAllow: true,
      liveAllows: false,
      // "<Live> do not allow this. <changes>" becomes "The templates allow this; <live> do not: <changes>".
      fix: `The templates allow this; ${input.live.name} do not: ${liveAnswer.fix.slice(liveAnswer.fix.indexOf('. ') + 2)}`,
      notes: [...answer.notes, ...liveAnswer.notes],
    },
    findings: live.findings,
  };
}
