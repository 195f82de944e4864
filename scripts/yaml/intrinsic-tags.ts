/**
 * CloudFormation's intrinsic functions as YAML short-form tags: which long-form key each tag stands for,
 * and the template turned into Tagged nodes for writing (template-writer.ts, and cfn-yaml.ts, which
 * loads the tags back).
 */
/** Long-form key for each short-form tag. Condition functions included for completeness. */
export const INTRINSICS: Readonly<Record<string, string>> = {
  Ref: 'Ref',
  Condition: 'Condition',
  Sub: 'Fn::Sub',
  GetAtt: 'Fn::GetAtt',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  FindInMap: 'Fn::FindInMap',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  If: 'Fn::If',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
};

const LONG_TO_SHORT = new Map(Object.entries(INTRINSICS).map(([short, long]) => [long, short]));

/** A tagged node while dumping: the short tag name and the payload as it is printed. */
export class Tagged {
  constructor(
    readonly tag: string,
    readonly value: unknown,
  ) {}
}

export function kindOf(value: unknown): 'scalar' | 'sequence' | 'mapping' {
  if (Array.isArray(value)) return 'sequence';
  if (value !== null && typeof value === 'object') return 'mapping';
  return 'scalar';
}

/** Replace long-form intrinsics by Tagged nodes, recursively. Plain data stays as it is. */
export function toTagged(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toTagged);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, payload] = entries[0];
    const short = LONG_TO_SHORT.get(key);
    // `Condition` is only an intrinsic inside condition expressions; as a resource attribute it is a key.
    if (short !== undefined && short !== 'Condition') {
      if (short === 'GetAtt' && Array.isArray(payload) && payload.length === 2 && payload.every((p) => typeof p === 'string')) {
        return new Tagged(short, payload.join('.'));
      }
      const inner = toTagged(payload);
      // A YAML node has one tag: `Fn::Base64: !Sub ...` keeps the outer function in long form.
      return inner instanceof Tagged ? { [key]: inner } : new Tagged(short, inner);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, toTagged(v)]));
}
