/** Draws a publish run for people: who, the plan with each step's reason, each change, the outcome. */
import type { Output } from '../progress/output';
import type { PublishEvent } from './events';
import { describePublishResult, describePublishStep } from './format';
import { describeIdentity } from '../progress/format';
import { writes } from './plan-types';

export function publishReporter(io: Output): (event: PublishEvent) => void {
  const line = (text: string) => io.out(text + '\n');
  return (e) => {
    switch (e.type) {
      case 'identity':
        line(describeIdentity(e.account, e));
        break;
      case 'plan': {
        const p = e.plan;
        const changing = p.steps.filter(writes).length;
        line(`Catalog ${p.catalogTag}, release ${p.packageVersion}${p.commit ? ` (commit ${p.commit})` : ''} in ${p.region}: ${p.steps.length} steps, ${changing} to change`);
        for (const s of p.steps) line(`  ${describePublishStep(s)}\n      ${s.reason}`);
        break;
      }
      case 'step-started':
        line(`[${e.index}/${e.total}] ${describePublishStep(e.step)}`);
        break;
      case 'step-finished':
        line(`      -> ${describePublishResult(e.result)}`);
        break;
      case 'notice':
        line(`      ${e.message}`);
        break;
      case 'failed':
        break;
      case 'next-steps':
        if (e.accounts.length === 0) break;
        line(`Next, in each account the portfolio ${e.portfolioId} (${e.region}) is shared with:`);
        for (const a of e.accounts) {
          line(`  ${a.target} (${a.accountId}):`);
          for (const s of a.steps) line(`    - ${s}`);
        }
        break;
      case 'finished':
        if (e.changed === 0) line(`Up to date: the catalogs already hold this release (${e.unchanged} steps checked).${e.dryRun ? ' Dry run: nothing was changed.' : ''}`);
        else if (e.dryRun) line(`Dry run: ${e.changed} step(s) would change, ${e.unchanged} unchanged. Nothing was changed.`);
        else line(`Done: ${e.changed} step(s) changed, ${e.unchanged} unchanged.`);
        break;
    }
  };
}
