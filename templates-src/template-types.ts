/** What every template module exports, and the console metadata they share. */
import type Template from 'cloudform-types/types/template';

export type AccountRole = 'source' | 'target';

export interface TemplateDefinition {
  /** The article's name; also the file name in generated/ (`<name>.yaml`). */
  name: 'AccB-pipeline-1' | 'AccA-pipeline' | 'AccB-pipeline-2';
  /** Which account the stack lives in: source = account A, target = account B. */
  account: AccountRole;
  /** Position in the deployment sequence (1-based). */
  order: number;
  build: () => Template;
}

export interface ParameterGroup {
  label: string;
  parameters: string[];
}

/** `AWS::CloudFormation::Interface`: how the CloudFormation and Service Catalog consoles group parameters. */
export function consoleInterface(groups: ParameterGroup[], labels: Record<string, string>): Record<string, unknown> {
  return {
    'AWS::CloudFormation::Interface': {
      ParameterGroups: groups.map((g) => ({ Label: { default: g.label }, Parameters: g.parameters })),
      ParameterLabels: Object.fromEntries(Object.entries(labels).map(([name, label]) => [name, { default: label }])),
    },
  };
}
