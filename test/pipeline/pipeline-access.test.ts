/**
 * Each hop of a push's way to ECS is checked against the policies the stacks deployed (the access
 * proof's model, built from what the fake's stacks hold): a grant removed by hand fails the run where AWS
 * would, with the message the service reports, and the service keeps what it ran.
 */
import { ACCOUNT_A, ACCOUNT_B, FIRST_IMAGE, twoAccountWorld, type World } from '../helpers/deploy-world';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

let world: World;
beforeEach(async () => {
  world = twoAccountWorld();
  expect((await world.run('deploy-sequence', '--config', world.configFile, '--yes')).code).toBe(0);
  await world.aws.settle();
});
afterEach(() => world.restore());

const target = () => world.aws.cloudFormation(ACCOUNT_B);
const source = () => world.aws.cloudFormation(ACCOUNT_A);
const pipelineName = () => target().stack('orders-api-target')!.outputs.PipelineName;
const pushAndSettle = async () => {
  world.aws.ecr(ACCOUNT_A).pushImage('orders-api', 'latest', 'release 1');
  await world.aws.settle();
};
const lastExecution = () => world.aws.codePipeline(ACCOUNT_B).executions(pipelineName()).at(-1)!;
const failedAction = () => lastExecution().actions.find((a) => a.status === 'Failed');
/** Removes a statement from a policy resource, outside CloudFormation. */
const withoutStatement = (stack: 'A' | 'B', logicalId: string, sid: string) =>
  (stack === 'A' ? source() : target()).editResource(stack === 'A' ? 'orders-api-source' : 'orders-api-target', logicalId, (p: Json) => {
    const doc = p.PolicyDocument ?? p.RepositoryPolicyText;
    doc.Statement = doc.Statement.filter((s: Json) => s.Sid !== sid);
  });
const serviceStillRunsItsFirstImage = () => expect(world.aws.ecs(ACCOUNT_B).serviceImage('orders', 'orders-api', 'web')).toBe(FIRST_IMAGE);

describe('GIVEN a deployment whose policies lost a grant WHEN an image is pushed', () => {
  it('without the Commands action log grant: the Pin stage fails with the IAM message, ECS is not touched', async () => {
    withoutStatement('B', 'PipelineCommandsLogsPolicy', 'WriteCommandsActionLogs');
    await pushAndSettle();
    expect(lastExecution().status).toBe('Failed');
    expect(failedAction()).toMatchObject({ stage: 'Pin', action: 'PinDigest' });
    expect(failedAction()!.error).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${ACCOUNT_B}:assumed-role/orders-api-target-PipelineRole-\\w+/fake-session is not authorized to perform: logs:CreateLogStream on resource: arn:aws:logs:eu-west-1:${ACCOUNT_B}:log-group:/aws/codepipeline/${pipelineName()}:log-stream:\\S+ because no identity-based policy allows the logs:CreateLogStream action$`,
      ),
    );
    serviceStillRunsItsFirstImage();
  });

  it('without ecs:RegisterTaskDefinition: the Deploy stage fails as CodePipeline reports it', async () => {
    withoutStatement('B', 'PipelineRolePolicy', 'RegisterTaskDefinitions');
    await pushAndSettle();
    expect(failedAction()).toMatchObject({ stage: 'Deploy', action: 'Service', error: 'The provided role does not have sufficient permissions to access ECS' });
    serviceStillRunsItsFirstImage();
  });

  it("without the source role's ecr:DescribeImages in account A: the ECR source fails", async () => {
    withoutStatement('A', 'SourceRolePolicy', 'DescribeTrackedRepositoryImages');
    await pushAndSettle();
    expect(failedAction()).toMatchObject({ stage: 'Source', action: 'Image' });
    expect(failedAction()!.error).toBe(
      `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/orders-api-ecr-source/fake-session is not authorized to perform: ecr:DescribeImages on resource: arn:aws:ecr:eu-west-1:${ACCOUNT_A}:repository/orders-api because no identity-based policy allows the ecr:DescribeImages action`,
    );
  });

  it("without the repository policy's pull grant: the tasks cannot pull the image, the service keeps its running tasks, and the action times out", async () => {
    withoutStatement('A', 'Repository', 'TargetExecutionRolePullsImages');
    await pushAndSettle();
    // CodePipeline waits for a steady state until DeploymentTimeout (60 minutes); the pull error is on the stopped task.
    expect(failedAction()).toMatchObject({ stage: 'Deploy', action: 'Service', error: expect.stringMatching(/did not reach a steady state within 60 minutes/) });
    const ecs = world.aws.ecs(ACCOUNT_B);
    const stopped = ecs.DescribeTasks({ cluster: 'orders', tasks: ecs.ListTasks({ cluster: 'orders', serviceName: 'orders-api', desiredStatus: 'STOPPED' }).taskArns }).tasks;
    expect(stopped.map((t: Json) => t.stoppedReason)).toEqual([expect.stringMatching(/^CannotPullContainerError: .* 403 Forbidden$/)]);
    expect(ecs.deploymentsOf('orders', 'orders-api')[0].rolloutState).toBe('IN_PROGRESS');
    expect(ecs.runningDigests('orders', 'orders-api')).toHaveLength(1);
  });

  it("without account A's permission on B's bus: the push goes to the dead-letter queue and starts nothing", async () => {
    const before = world.aws.codePipeline(ACCOUNT_B).executions(pipelineName()).length;
    world.aws.eventBridge(ACCOUNT_B).RemovePermission({ StatementId: 'xacct-orders-api' });
    await pushAndSettle();
    expect(world.aws.deliveries.at(-1)).toMatchObject({
      outcome: 'dead-letter',
      reason: expect.stringMatching(/is not authorized to perform: events:PutEvents on resource: arn:aws:events:eu-west-1:444455556666:event-bus\/default because no resource-based policy allows/),
    });
    expect(world.aws.codePipeline(ACCOUNT_B).executions(pipelineName())).toHaveLength(before);
  });
});
