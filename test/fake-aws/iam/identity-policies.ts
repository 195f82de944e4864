/**
 * Identity policies the fake enforces for callers a test names (FakeAws.enforceIdentityPolicy): every
 * request of such a caller is mapped to its checks (authorization-table.ts), each check's resource ARN
 * is built from the Service Authorization Reference's format (iam-reference.ts) and evaluated with the
 * IAM simulator (@cloud-copilot/iam-simulate, AGPL: tests only) against the caller's policy. A denied
 * check answers as AWS does (access-denied.ts). Every decision is recorded, for tests that ask which
 * granted actions a run used.
 */
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { accessDenied } from './access-denied';
import { checksOf, type AuthorizationState, type Check } from './authorization-table';
import { requestArn } from './iam-reference';
import { fault } from '../fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Simulator = typeof import('@cloud-copilot/iam-simulate');
let simulator: Simulator | undefined;
const loadSimulator = (): Simulator => (simulator ??= require('@cloud-copilot/iam-simulate') as Simulator);

export interface PolicyDocumentLike {
  Version: string;
  Statement: unknown[];
}

export interface Decision {
  accessKeyId: string;
  account: string;
  service: string;
  operation: string;
  action: string;
  resource: string;
  allowed: boolean;
  /** Sids of the statements that allowed it. */
  statements: string[];
}

export interface Caller {
  accessKeyId: string;
  account: string;
  arn: string;
}

/**
 * The simulator's answers by policy document and request. It is a pure function of the two, and a run
 * of the CLI asks the same questions many times over (every poll, every re-run of a scenario): the
 * deployer-policy tests spent most of their time asking them again.
 */
const answers = new WeakMap<PolicyDocumentLike, Map<string, Promise<{ allowed: boolean; statements: string[] }>>>();

export class IdentityPolicies {
  private readonly policies = new Map<string, PolicyDocumentLike>();
  readonly decisions: Decision[] = [];

  enforce(accessKeyId: string, policy: PolicyDocumentLike): void {
    this.policies.set(accessKeyId, policy);
  }

  enforced(accessKeyId: string): boolean {
    return this.policies.has(accessKeyId);
  }

  /**
   * Throws AWS's denial when the caller's policy does not allow the request. An S3 HEAD of a missing
   * object the caller may not list answers 403 (no body) instead of 404.
   */
  async authorize(caller: Caller, service: string, operation: string, input: Json, state: AuthorizationState): Promise<void> {
    const policy = this.policies.get(caller.accessKeyId);
    if (!policy) return;
    const checks = checksOf(service, operation, input, state);
    if (!checks) throw new Error(`the fake has no authorization rule for ${service} ${operation}: add one to test/fake-aws/iam/authorization-table.ts`);
    for (const check of checks) {
      const resource = requestArn(check.action, check.resourceType, { Partition: state.partition, Region: state.region, Account: check.resourceAccount ?? state.account, ...check.arn });
      const { allowed, statements } = await this.evaluate(caller, policy, check, resource);
      this.decisions.push({ accessKeyId: caller.accessKeyId, account: caller.account, service, operation, action: check.action, resource, allowed, statements });
      if (allowed) continue;
      if (check.when === 'if-missing') throw fault('Forbidden', 'Forbidden', 403);
      throw accessDenied(service, caller.arn, check.action, resource);
    }
  }

  private evaluate(caller: Caller, policy: PolicyDocumentLike, check: Check, resource: string): Promise<{ allowed: boolean; statements: string[] }> {
    let known = answers.get(policy);
    if (!known) answers.set(policy, (known = new Map()));
    const key = JSON.stringify([caller.arn, caller.account, check.action, resource, check.resourceAccount, check.context, check.resourcePolicy]);
    let answer = known.get(key);
    if (!answer) known.set(key, (answer = this.simulate(caller, policy, check, resource)));
    return answer;
  }

  private async simulate(caller: Caller, policy: PolicyDocumentLike, check: Check, resource: string): Promise<{ allowed: boolean; statements: string[] }> {
    const { runSimulation } = loadSimulator();
    const simulation: Simulation = {
      request: {
        principal: caller.arn,
        action: check.action,
        resource: { resource, accountId: check.resourceAccount ?? caller.account },
        contextVariables: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': caller.arn, 'aws:PrincipalAccount': caller.account, ...check.context },
      },
      identityPolicies: [{ name: 'enforced', policy: policy as never }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(check.resourcePolicy ? { resourcePolicy: check.resourcePolicy as never } : {}),
    };
    const result = await runSimulation(simulation, { simulationMode: 'Strict' });
    if (result.resultType === 'error') throw new Error(`the IAM simulator refused ${check.action} on ${resource}: ${JSON.stringify(result.errors)}`);
    const single = result.resultType === 'single' ? result.result : result.results[0];
    const allows = single?.analysis.identityAnalysis?.allowStatements ?? [];
    return { allowed: result.overallResult === 'Allowed', statements: allows.map((s) => s.statement.sid() ?? `statement ${s.statement.index()}`) };
  }
}
