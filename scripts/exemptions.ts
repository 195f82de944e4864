/**
 * Accepted findings: each finding is kept or accepted by the first exemption that matches it, and an
 * exemption that accepts nothing is reported, so an exemption list cannot go stale. Used by the lint
 * and by the Control Tower controls.
 */
export interface ExemptionSplit<F, E> {
  kept: F[];
  exempted: Array<{ finding: F; exemption: E }>;
  unused: E[];
}

export function applyExemptions<F, E>(findings: F[], exemptions: readonly E[], accepts: (exemption: E, finding: F) => boolean): ExemptionSplit<F, E> {
  const split: ExemptionSplit<F, E> = { kept: [], exempted: [], unused: [] };
  const used = new Set<E>();
  for (const finding of findings) {
    const exemption = exemptions.find((e) => accepts(e, finding));
    if (exemption === undefined) {
      split.kept.push(finding);
    } else {
      used.add(exemption);
      split.exempted.push({ finding, exemption });
    }
  }
  split.unused = exemptions.filter((e) => !used.has(e));
  return split;
}
