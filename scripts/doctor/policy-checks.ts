/**
 * Reads every policy and rule of the chain as it is now and sets it against what the deployed templates
 * say: roles (trust, inline and attached policies), the artifact key, the bucket policies, the
 * repository policy, the rules with their targets, and account A's statement on B's default bus.
 */
import { messageOf } from '../aws/aws-errors';
import type { AccountPorts, BusStatement, LiveRole, PolicyDocument } from '../aws/ports';
import type { AccountKey } from '../deploy/plan-types';
import { compareDocuments, sameValue } from './compare-policies';
import type { PolicyCheck, StatementDifference } from './doctor-types';
import type { ExpectedPolicies } from './expected-policies';
import { LiveDocuments } from './live-source';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What one check needs to know where it stands. */
interface Where {
  account: AccountKey;
  label: string;
  resource: string;
  physicalId: string;
}

const verdict = (where: Where, differences: StatementDifference[]): PolicyCheck => ({ ...where, state: differences.length === 0 ? 'same' : 'differs', differences });

/** A read that AWS refused becomes an `unreadable` check instead of stopping the whole report. */
async function guarded(where: Where, check: () => Promise<PolicyCheck>): Promise<PolicyCheck> {
  try {
    return await check();
  } catch (e) {
    return { ...where, state: 'unreadable', differences: [], reason: messageOf(e) };
  }
}

/** Checks one account's policies; what it reads also goes into `live`, for explaining a failure with it. */
export async function checkAccountPolicies(account: AccountKey, expected: ExpectedPolicies, ports: AccountPorts, live: LiveDocuments): Promise<PolicyCheck[]> {
  const t = expected.template;
  const checks: Array<Promise<PolicyCheck>> = [];
  for (const role of expected.roles) {
    const base = { account, resource: role.logicalId, physicalId: role.name };
    const trustLabel = `${t} ${role.logicalId} trust policy`;
    // One read of the role serves all of its checks.
    const liveRole = ports.iam.role(role.name).then((r) => {
      if (r) {
        live.setResource(account, role.logicalId, trustLabel, r.trust);
        for (const [name, { from }] of Object.entries(role.inline)) if (r.inline[name]) live.addIdentity(account, role.logicalId, from, r.inline[name]);
      }
      return r;
    });
    const roleCheck = (label: string, check: (r: LiveRole) => PolicyCheck) =>
      guarded({ ...base, label }, async () => {
        const r = await liveRole;
        return r ? check(r) : { ...base, label, state: 'missing', differences: [], reason: `role ${role.name} does not exist` };
      });
    checks.push(roleCheck(trustLabel, (r) => verdict({ ...base, label: trustLabel }, compareDocuments(role.trust, r.trust))));
    for (const [name, { policy, from }] of Object.entries(role.inline)) {
      const label = `${from} (policy ${name} of role ${role.name})`;
      checks.push(
        roleCheck(label, (r) => {
          const livePolicy = r.inline[name];
          if (!livePolicy) return { ...base, label, state: 'missing', differences: [], reason: `role ${role.name} has no inline policy ${name}` };
          return verdict({ ...base, label }, compareDocuments(policy, livePolicy));
        }),
      );
    }
    // Policies nobody's template wrote: an inline one added, or a managed policy attached, in the console.
    const label = `role ${role.name}: policies beyond ${t}`;
    checks.push(
      roleCheck(label, (r) =>
        verdict({ ...base, label }, [
          ...Object.keys(r.inline)
            .filter((n) => !(n in role.inline))
            .map((n) => ({ statement: `inline policy ${n}`, change: 'added' as const, live: r.inline[n] })),
          ...r.attached.map((p) => ({ statement: `managed policy ${p.arn}`, change: 'added' as const, live: p.arn })),
        ]),
      ),
    );
  }
  for (const key of expected.keys) {
    const where = { account, label: `${t} ${key.logicalId} key policy`, resource: key.logicalId, physicalId: key.keyId };
    checks.push(
      guarded(where, async () => {
        const policy = await ports.kms.keyPolicy(key.keyId);
        if (policy) live.setResource(account, key.logicalId, where.label, policy);
        return policyCheck(where, key.policy, policy, `key ${key.keyId} has no key policy (or no longer exists)`);
      }),
    );
  }
  for (const b of expected.bucketPolicies) {
    const where = { account, label: `${t} ${b.logicalId}`, resource: b.logicalId, physicalId: b.bucket };
    checks.push(
      guarded(where, async () => {
        const policy = await ports.s3.bucketPolicy(b.bucket);
        if (policy && b.bucketLogicalId) live.setResource(account, b.bucketLogicalId, where.label, policy);
        return policyCheck(where, b.policy, policy, `bucket ${b.bucket} has no bucket policy`);
      }),
    );
  }
  for (const r of expected.repositories) {
    const where = { account, label: `${t} ${r.logicalId} repository policy`, resource: r.logicalId, physicalId: r.name };
    checks.push(
      guarded(where, async () => {
        const policy = await ports.ecr.repositoryPolicy(r.name);
        if (policy) live.setResource(account, r.logicalId, where.label, policy);
        return policyCheck(where, r.policy, policy, `repository ${r.name} has no repository policy`);
      }),
    );
  }
  for (const rule of expected.rules) {
    const where = { account, label: `${t} ${rule.logicalId} rule`, resource: rule.logicalId, physicalId: rule.name };
    checks.push(
      guarded(where, async () => {
        const live = await ports.events.rule(rule.name);
        if (!live) return { ...where, state: 'missing', differences: [], reason: `rule ${rule.name} does not exist on the default bus` };
        const differences: StatementDifference[] = [];
        if (live.state !== rule.state) differences.push({ statement: 'State', change: 'changed', expected: rule.state, live: live.state });
        if (!sameValue(rule.pattern ?? null, live.pattern ?? null)) differences.push({ statement: 'EventPattern', change: 'changed', expected: rule.pattern, live: live.pattern });
        if (!sameValue(rule.targets, live.targets)) differences.push({ statement: 'Targets', change: 'changed', expected: rule.targets, live: live.targets });
        return verdict(where, differences);
      }),
    );
  }
  return Promise.all(checks);
}

function policyCheck(where: Where, expected: PolicyDocument | undefined, live: PolicyDocument | undefined, missing: string): PolicyCheck {
  if (expected && !live) return { ...where, state: 'missing', differences: [], reason: missing };
  return verdict(where, compareDocuments(expected, live));
}

/** Account A's statement on B's default bus, as put-permission makes it; `busPolicy`: the bus policy observe already read. */
export function checkBusStatement(expected: Json, busPolicy: BusStatement[], live: LiveDocuments): PolicyCheck {
  const where = { account: 'target' as const, label: 'B default event bus policy (put-permission)', resource: 'default-bus', physicalId: 'default' };
  const statements = busPolicy.map((s) => ({ Sid: s.sid, Effect: 'Allow', Principal: { AWS: s.principal }, Action: s.action, ...(s.resource ? { Resource: s.resource } : {}) }));
  live.setResource('target', 'default-bus', where.label, { Version: '2012-10-17', Statement: statements });
  const found = statements.find((s) => s.Sid === expected.Sid);
  if (!found) return { ...where, state: 'missing', differences: [], reason: `the default bus has no statement ${expected.Sid}` };
  return verdict(where, compareDocuments({ Statement: [expected] }, { Statement: [found] }));
}
