/** What more than one port needs: a `[{Key, Value}]` list (or CloudFormation's parameter and output lists) as a record. */

export const record = (items: Array<{ Key?: string; Value?: string }> | undefined, key: 'Key' | 'ParameterKey' | 'OutputKey' = 'Key') =>
  Object.fromEntries((items ?? []).map((i) => [(i as Record<string, string>)[key], (i as Record<string, string>)[key === 'Key' ? 'Value' : key === 'ParameterKey' ? 'ParameterValue' : 'OutputValue'] ?? '']));
