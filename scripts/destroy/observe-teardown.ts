/** Read-only look at what a teardown has to do: both stacks, what each holds, and the bus policy. */
import { describeAwsFailure } from '../aws/aws-errors';
import type { DeploymentConfig } from '../config/schema';
import { observe, type Accounts } from '../deploy/observe';
import { notOurs, type TeardownState } from './destroy-planner';
import { readStackContents } from './stack-contents';

export async function observeTeardown(config: DeploymentConfig, aws: Accounts): Promise<TeardownState> {
  const { targetStack, sourceStack, busPolicy } = await observe(config, aws);
  const contents: TeardownState['contents'] = {};
  for (const [account, stack] of [['target', targetStack], ['source', sourceStack]] as const) {
    if (!stack || notOurs(config, account, stack)) continue;
    contents[account] = await readStackContents(aws[account], stack.name).catch((e) => {
      throw describeAwsFailure(e, `reading what stack ${stack.name} holds`, config[account].accountId);
    });
  }
  return { targetStack, sourceStack, busPolicy, contents };
}
