/**
 * The steps that open the target product to a fleet: its launch constraint (the role of one name in
 * whichever account launches it) and the shares of its portfolio from publish.share. Decided against
 * what DescribePortfolioShares and ListConstraintsForPortfolio returned, so a re-run writes nothing.
 * Shares nobody asks for any more are reported, and deleted only with --prune-shares.
 */
import type { PortfolioShareType, ShareTarget } from '../aws/ports';
import type { ObservedCatalog } from './observe-catalogs';
import type { LaunchConstraintStep, PublishStep, ShareStep, UnshareStep } from './plan-types';
import type { CatalogSettings, PublishSettings } from './settings';

type Base = { catalog: CatalogSettings['key']; accountId: string };

/** How a share is named in step ids and messages. */
export function shareLabel(t: ShareTarget): string {
  if (t.kind === 'account') return `account ${t.accountId}`;
  return t.type === 'ORGANIZATION' ? `organization ${t.value}` : t.type === 'ORGANIZATIONAL_UNIT' ? `organizational unit ${t.value}` : `member account ${t.value}`;
}

/** The share to delete for a share AWS reports (an org member account is deleted as a node of type ACCOUNT). */
export function shareOfType(type: PortfolioShareType, principalId: string): ShareTarget {
  switch (type) {
    case 'ACCOUNT':
      return { kind: 'account', accountId: principalId };
    case 'ORGANIZATION_MEMBER_ACCOUNT':
      return { kind: 'node', type: 'ACCOUNT', value: principalId };
    default:
      return { kind: 'node', type, value: principalId };
  }
}

export function launchConstraintStep(s: PublishSettings, c: CatalogSettings, observed: ObservedCatalog, productId: string | undefined, portfolioId: string | undefined): LaunchConstraintStep[] {
  if (!s.launchRoleName || !c.products.includes('target')) return [];
  const base = { catalog: c.key, accountId: c.accountId, kind: 'launch-constraint' as const, id: 'launch-constraint:target', localRoleName: s.launchRoleName, ...(productId ? { productId } : {}), ...(portfolioId ? { portfolioId } : {}) };
  const launch = observed.targetConstraints.find((k) => k.type === 'LAUNCH');
  if (!launch) return [{ ...base, action: 'create', reason: `the target product has no launch constraint in the portfolio: launch as the role ${s.launchRoleName} of the launching account (LocalRoleName)` }];
  if (launch.parameters.LocalRoleName === s.launchRoleName) return [{ ...base, action: 'none', reason: `launch constraint ${launch.id} uses LocalRoleName ${s.launchRoleName}` }];
  // A product takes one launch constraint per portfolio: another one is someone's decision, not ours to overwrite.
  const theirs = launch.parameters.LocalRoleName ? `LocalRoleName ${String(launch.parameters.LocalRoleName)}` : launch.parameters.RoleArn ? `RoleArn ${String(launch.parameters.RoleArn)}` : 'other parameters';
  return [
    {
      ...base,
      action: 'blocked',
      reason: `the target product's launch constraint ${launch.id} in account ${c.accountId} uses ${theirs}, not LocalRoleName ${s.launchRoleName}: delete it (aws servicecatalog delete-constraint --id ${launch.id}) or set publish.launchRoleName to match, and run again`,
    },
  ];
}

export function shareSteps(s: PublishSettings, c: CatalogSettings, observed: ObservedCatalog, portfolioId: string | undefined, prune: boolean): PublishStep[] {
  const share = s.share;
  if (!share || share.catalog !== c.key) return [];
  const base: Base = { catalog: c.key, accountId: c.accountId };
  const has = (types: PortfolioShareType[], id: string) => observed.portfolioShares.some((x) => types.includes(x.type) && x.principalId === id);
  const wanted: Array<{ target: ShareTarget; present: boolean }> = [
    ...share.accounts.map((a) => ({ target: { kind: 'account', accountId: a } as ShareTarget, present: has(['ACCOUNT', 'ORGANIZATION_MEMBER_ACCOUNT'], a) })),
    ...share.organizationalUnits.map((ou) => ({ target: { kind: 'node', type: 'ORGANIZATIONAL_UNIT', value: ou } as ShareTarget, present: has(['ORGANIZATIONAL_UNIT'], ou) })),
    ...(share.organization ? [{ target: { kind: 'node', type: 'ORGANIZATION', value: share.organization } as ShareTarget, present: has(['ORGANIZATION'], share.organization) }] : []),
  ];
  const steps: PublishStep[] = wanted.map(
    ({ target, present }): ShareStep => ({
      ...base,
      id: `share:${target.kind === 'account' ? target.accountId : target.value}`,
      kind: 'share',
      action: present ? 'none' : 'share',
      shareTarget: target,
      ...(portfolioId ? { portfolioId } : {}),
      reason: present ? `shared with ${shareLabel(target)}` : `not shared with ${shareLabel(target)} yet`,
    }),
  );
  if (!portfolioId) return steps;
  const keepAccounts = new Set([...share.accounts, ...c.shareWith]);
  const keepNodes = new Set([...share.organizationalUnits, ...(share.organization ? [share.organization] : [])]);
  for (const x of observed.portfolioShares) {
    const account = x.type === 'ACCOUNT' || x.type === 'ORGANIZATION_MEMBER_ACCOUNT';
    if (account ? keepAccounts.has(x.principalId) : keepNodes.has(x.principalId)) continue;
    const label = shareLabel(shareOfType(x.type, x.principalId));
    steps.push({
      ...base,
      id: `unshare:${x.principalId}`,
      kind: 'unshare',
      action: prune ? 'unshare' : 'kept',
      shareType: x.type,
      principalId: x.principalId,
      portfolioId,
      reason: prune
        ? `the portfolio is shared with ${label}, which the config no longer names (--prune-shares)`
        : `the portfolio is shared with ${label}, which the config no longer names: left in place; run with --prune-shares to remove it`,
    } satisfies UnshareStep);
  }
  return steps;
}
