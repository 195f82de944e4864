/**
 * Validator findings accepted on purpose, each with its reason. docs/proving-access.md shows this list (a test
 * keeps the two in step). An exemption that matches nothing is reported, so the list cannot go stale.
 */
export interface Exemption {
  ruleId: string;
  /** Template name (AccB-pipeline-1, ...) or '*' for all three. */
  template: string;
  reason: string;
}

export const EXEMPTIONS: readonly Exemption[] = [];
