/** Read-only look at what a teardown has to do: both stacks, what each holds, and the bus policy. */
import { describeAwsFailure } from '../aws/aws-errors';
import type { DeploymentConfig } from '../config/schema';
import { observeStacks, type Accounts } from '../deploy/observe';
import { notOurs, type TeardownState } from './destroy-planner';
import { readStackContents } from './stack-contents';

export async function observeTeardown(config: DeploymentConfig, aws: Accounts): Promise<TeardownState> {
  // Not observe(): the image definitions and the tracked image mean nothing to a teardown (and the
  // deployer policy lists neither read for destroy).
  const { targetStack, sourceStack, busPolicy } = await observeStacks(config, aws);
  const contents: TeardownState['contents'] = {};
  for (const [account, stack] of [['target', targetStack], ['source', sourceStack]] as const) {
    if (!stack || notOurs(config, account, stack)) continue;
    contents[account] = await readStackContents(aws[account], stack).catch((e) => {
      throw describeAwsFailure(e, `reading what stack ${stack.name} holds`, config[account].accountId);
    });
  }
  return { targetStack, sourceStack, busPolicy, contents };
}
