/**
 * A fake of the IAM role reads `xacct doctor` makes, for one account (IAM is global: no region). Roles
 * appear when a stack of the fake CloudFormation creates an AWS::IAM::Role (with its inline Policies)
 * and take the AWS::IAM::Policy resources that name them; tests add roles made outside any stack and
 * edit policies "in the console". Behaviour: fake-aws.md.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeRole {
  name: string;
  arn: string;
  /** The role's unique id (AROA...): what policies that named the role show once it is deleted. */
  roleId: string;
  path: string;
  description?: string;
  created: Date;
  trust: Json;
  inline: Map<string, Json>;
  attached: Array<{ PolicyName: string; PolicyArn: string }>;
}

/**
 * IAM answers policy documents URL-encoded (RFC 3986) in GetRole and GetRolePolicy: "The policy document
 * returned in this structure is URL-encoded compliant with RFC 3986" (IAM API reference, GetRole /
 * GetRolePolicy).
 */
const urlEncoded = (doc: Json) => encodeURIComponent(JSON.stringify(doc));

export class FakeIam {
  private readonly roles = new Map<string, FakeRole>();
  private counter = 0;

  constructor(
    readonly account: string,
    readonly partition = 'aws',
  ) {}

  /** A role (by a stack, or made outside any: an ECS execution role, a key administrator). */
  createRole(name: string, trust: Json, options: { description?: string; path?: string; at?: Date } = {}): FakeRole {
    const seed = `${this.account}/${name}/${++this.counter}`;
    const role: FakeRole = {
      name,
      arn: `arn:${this.partition}:iam::${this.account}:role${options.path ?? '/'}${name}`,
      roleId: `AROA${createHash('sha256').update(seed).digest('hex').slice(0, 17).toUpperCase()}`,
      path: options.path ?? '/',
      ...(options.description ? { description: options.description } : {}),
      created: options.at ?? new Date(0),
      trust: structuredClone(trust),
      inline: new Map(),
      attached: [],
    };
    this.roles.set(name, role);
    return role;
  }

  deleteRole(name: string): FakeRole | undefined {
    const role = this.roles.get(name);
    this.roles.delete(name);
    return role;
  }

  role(name: string): FakeRole | undefined {
    return this.roles.get(name);
  }

  roleNames(): string[] {
    return [...this.roles.keys()];
  }

  /** An inline policy put on a role (PutRolePolicy: by a stack's AWS::IAM::Policy, or by a person in the console). */
  putRolePolicy(roleName: string, policyName: string, document: Json): void {
    this.mustRole(roleName).inline.set(policyName, structuredClone(document));
  }

  deleteRolePolicy(roleName: string, policyName: string): void {
    this.roles.get(roleName)?.inline.delete(policyName);
  }

  /** Replaces a role's trust policy (UpdateAssumeRolePolicy, as a person would in the console). */
  updateTrust(roleName: string, document: Json): void {
    this.mustRole(roleName).trust = structuredClone(document);
  }

  attachManagedPolicy(roleName: string, policyArn: string): void {
    this.mustRole(roleName).attached.push({ PolicyName: policyArn.split('/').pop() ?? policyArn, PolicyArn: policyArn });
  }

  private mustRole(name: string | undefined): FakeRole {
    const role = this.roles.get(name ?? '');
    // IAM API reference, GetRole: NoSuchEntity (404), "The role with name X cannot be found."
    if (!role) throw fault('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return role;
  }

  GetRole(input: Json): Json {
    const r = this.mustRole(input.RoleName);
    return {
      Role: {
        Path: r.path,
        RoleName: r.name,
        RoleId: r.roleId,
        Arn: r.arn,
        CreateDate: r.created,
        AssumeRolePolicyDocument: urlEncoded(r.trust),
        ...(r.description ? { Description: r.description } : {}),
        MaxSessionDuration: 3600,
      },
    };
  }

  ListRolePolicies(input: Json): Json {
    return { PolicyNames: [...this.mustRole(input.RoleName).inline.keys()].sort(), IsTruncated: false };
  }

  GetRolePolicy(input: Json): Json {
    const r = this.mustRole(input.RoleName);
    const doc = r.inline.get(input.PolicyName);
    // IAM API reference, GetRolePolicy: NoSuchEntity "The role policy with name X cannot be found."
    if (!doc) throw fault('NoSuchEntity', `The role policy with name ${input.PolicyName} cannot be found.`, 404);
    return { RoleName: r.name, PolicyName: input.PolicyName, PolicyDocument: urlEncoded(doc) };
  }

  ListAttachedRolePolicies(input: Json): Json {
    return { AttachedPolicies: this.mustRole(input.RoleName).attached.map((p) => ({ ...p })), IsTruncated: false };
  }
}
