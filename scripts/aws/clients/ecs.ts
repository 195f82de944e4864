/** ECS's port: what a service runs. */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { codeOf } from '../aws-errors';
import { paged } from '../paging';
import type { EcsPort } from '../ports';

const nameOf = (arn: string) => arn.split('/').pop()!;

/**
 * What an ECS service runs: DescribeServices (its primary deployment's task definition; a missing
 * service is a `failures` entry with reason MISSING, a missing cluster ClusterNotFoundException),
 * DescribeTaskDefinition (each container's image), ListTasks and DescribeTasks (the digest each running
 * task pulled: ECS resolves a tag to a digest when a deployment starts). ListClusters and ListServices:
 * the names `xacct init` chooses from.
 */
export function ecsPort(client: ECSClient): EcsPort {
  return {
    async serviceImages(cluster, service) {
      try {
        const out = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
        const s = out.services?.[0];
        const primary = s?.deployments?.find((d) => d.status === 'PRIMARY')?.taskDefinition ?? s?.taskDefinition;
        if (!s || !primary) return undefined;
        const td = (await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: primary }))).taskDefinition;
        const images = Object.fromEntries((td?.containerDefinitions ?? []).flatMap((c) => (c.name && c.image ? [[c.name, c.image]] : [])));
        const arns = (await client.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING' }))).taskArns ?? [];
        const tasks = arns.length > 0 ? ((await client.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(0, 100) }))).tasks ?? []) : [];
        const runningDigests: Record<string, string[]> = {};
        for (const c of tasks.flatMap((t) => t.containers ?? [])) {
          if (!c.name || !c.imageDigest) continue;
          runningDigests[c.name] = [...new Set([...(runningDigests[c.name] ?? []), c.imageDigest])];
        }
        const deploymentsInProgress = (s.deployments ?? []).filter((d) => d.rolloutState === 'IN_PROGRESS').length;
        const breaker = s.deploymentConfiguration?.deploymentCircuitBreaker;
        return { taskDefinition: primary, images, runningDigests, deploymentsInProgress, ...(breaker ? { circuitBreaker: { enable: breaker.enable === true, rollback: breaker.rollback === true } } : {}) };
      } catch (e) {
        if (['ClusterNotFoundException', 'ServiceNotFoundException'].includes(codeOf(e) ?? '')) return undefined;
        throw e;
      }
    },
    /**
     * DescribeServices' deployments and deploymentConfiguration.deploymentCircuitBreaker ("If it is turned
     * on, a service deployment will transition to a failed state and stop launching new tasks. You can
     * also configure Amazon ECS to roll back your service to the last completed deployment after a
     * failure", ECS API reference, DeploymentCircuitBreaker).
     */
    async serviceDeployments(cluster, service) {
      try {
        const s = (await client.send(new DescribeServicesCommand({ cluster, services: [service] }))).services?.[0];
        if (!s) return undefined;
        const breaker = s.deploymentConfiguration?.deploymentCircuitBreaker;
        return {
          deployments: (s.deployments ?? []).map((d) => ({ status: d.status ?? '', ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}), taskDefinition: d.taskDefinition ?? '' })),
          ...(breaker ? { circuitBreaker: { enable: breaker.enable === true, rollback: breaker.rollback === true } } : {}),
        };
      } catch (e) {
        if (['ClusterNotFoundException', 'ServiceNotFoundException'].includes(codeOf(e) ?? '')) return undefined;
        throw e;
      }
    },
    clusterNames: paged<EcsPort['clusterNames']>((page) => async () => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const out = await page(() => client.send(new ListClustersCommand({ ...(token ? { nextToken: token } : {}) })));
        names.push(...(out.clusterArns ?? []).map(nameOf));
        token = out.nextToken;
      } while (token);
      return names;
    }),
    serviceNames: paged<EcsPort['serviceNames']>((page) => async (cluster) => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const out = await page(() => client.send(new ListServicesCommand({ cluster, ...(token ? { nextToken: token } : {}) })));
        names.push(...(out.serviceArns ?? []).map(nameOf));
        token = out.nextToken;
      } while (token);
      return names;
    }),
  };
}
