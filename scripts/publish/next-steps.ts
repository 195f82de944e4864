/**
 * What each target account still does itself once the portfolio is shared with it. An account share
 * waits for the recipient's AcceptPortfolioShare; a share through an organization node is imported
 * without it (PortfolioShareDetail: "If the recipient is in an organization node, the share is
 * automatically imported"). Either way the importing account associates its own principals
 * (AssociatePrincipalWithPortfolio) before anyone there sees the products.
 */
import type { NextSteps } from './events';
import type { PublishSettings } from './settings';

export function nextSteps(s: PublishSettings, portfolioId: string): NextSteps[] {
  const share = s.share;
  if (!share) return [];
  const home = s.catalogs.find((c) => c.key === share.catalog)?.accountId;
  const seen = new Set<string>();
  const out: NextSteps[] = [];
  for (const t of s.fleet) {
    if (t.accountId === home || seen.has(t.accountId)) continue;
    seen.add(t.accountId);
    const byAccount = share.accounts.includes(t.accountId);
    const nodes = [...share.organizationalUnits, ...(share.organization ? [share.organization] : [])];
    const steps: string[] = [];
    if (byAccount) steps.push(`accept the share: aws servicecatalog accept-portfolio-share --portfolio-id ${portfolioId} --region ${s.region}`);
    else if (nodes.length > 0) steps.push(`nothing to accept if the account is in ${nodes.join(' or ')} (shares through AWS Organizations are imported); otherwise add it to publish.share.accounts`);
    else steps.push(`not shared: add ${t.accountId} to publish.share.accounts (or share an organizational unit it is in)`);
    steps.push(
      `give your people access: aws servicecatalog associate-principal-with-portfolio --portfolio-id ${portfolioId} --principal-type IAM --principal-arn arn:aws:iam::${t.accountId}:role/<a role of yours> --region ${s.region}`,
    );
    if (s.launchRoleName) steps.push(`have an IAM role named ${s.launchRoleName} that CloudFormation can assume (servicecatalog.amazonaws.com in its trust policy): the launch constraint uses it`);
    if (t.region !== s.region) steps.push(`the products are published in ${s.region}; this target deploys in ${t.region}: launch them in ${s.region} or publish from a config whose first target is in ${t.region}`);
    out.push({ target: t.target, accountId: t.accountId, steps });
  }
  return out;
}
