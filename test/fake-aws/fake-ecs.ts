/**
 * A small fake of Amazon ECS for one account and region: clusters and services that exist before the
 * pipeline does (tests create them with `createService`), task definitions with revisions, rolling
 * deployments and the tasks they start. What the pipeline's ECS deploy action and `xacct status` need:
 * DescribeServices, DescribeTaskDefinition, RegisterTaskDefinition, UpdateService, ListTasks,
 * DescribeTasks, and ListClusters and ListServices (what `xacct init` discovers; ARNs, pages of at most 100
 * and 10 as AWS's defaults). Behaviour (fake-aws.md):
 *
 * - A deployment resolves each container's image to a digest once, when it starts, and every task it
 *   starts later runs that digest: "Amazon ECS resolves container image names and any image tags
 *   specified in the task definition to container image digests. After the container image digest has
 *   been established, Amazon ECS uses the digest to start any other desired tasks" (ECS API reference,
 *   ContainerImage). An image named by tag therefore runs whatever the tag pointed to at that moment.
 * - A new deployment (a new task definition, or forceNewDeployment) resolves tags again ("you can update
 *   a service's tasks to use a newer Docker image with the same image/tag combination", CloudFormation
 *   AWS::ECS::Service ForceNewDeployment).
 * - Starting a task pulls its digest again (`replaceTasks`, e.g. after a host failure), the image named
 *   with the tag it had and the digest (`repo:latest@sha256:…`, as stopped tasks quote it:
 *   aws/containers-roadmap#2493): an image that is gone or denied stops the task with
 *   CannotPullContainerError, 403 Forbidden either way (image-pull.ts).
 * - A deployment reaches a steady state `steadyMs` after it starts (COMPLETED). When its tasks cannot
 *   start it stays IN_PROGRESS, its failed tasks STOPPED with the reason, and the older deployment's
 *   tasks keep running: without a deployment circuit breaker ECS keeps trying ("If it is turned on, a
 *   service deployment will transition to a failed state", AWS::ECS::Service
 *   DeploymentCircuitBreaker). Circuit breakers, rollbacks and ECS's repeated launch attempts are not
 *   modelled (one stopped task per failed start).
 */
import { createHash } from 'node:crypto';
import type { Background } from './background';
import { fault } from './fault';
import { pageOf } from './paging';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** How the fake resolves and pulls an image as a role of this account (FakeAws answers from its ECR). */
export type ImagePuller = (image: string, executionRoleArn: string | undefined) => Promise<{ digest: string } | { error: string }>;

interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  containerDefinitions: Json[];
  executionRoleArn?: string;
  taskRoleArn?: string;
  registeredAt: Date;
  tags: Json[];
}

interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  /** FAILED never: without a circuit breaker a deployment that cannot start stays IN_PROGRESS. */
  rolloutState: 'IN_PROGRESS' | 'COMPLETED';
  createdAt: Date;
  updatedAt: Date;
  /** The digest each container runs, once the deployment resolved it. */
  images?: Record<string, { image: string; digest: string }>;
}

interface Task {
  arn: string;
  service: string;
  taskDefinitionArn: string;
  deploymentId: string;
  lastStatus: 'RUNNING' | 'STOPPED';
  stoppedReason?: string;
  startedAt: Date;
  containers: Array<{ name: string; image: string; imageDigest: string }>;
}

interface Service {
  arn: string;
  name: string;
  cluster: string;
  desiredCount: number;
  deployments: Deployment[];
  circuitBreaker?: { enable: boolean; rollback: boolean };
}

export interface ServiceSpec {
  cluster: string;
  service: string;
  family: string;
  containers: Array<{ name: string; image: string }>;
  executionRoleArn?: string;
  taskRoleArn?: string;
  desiredCount?: number;
  /**
   * deploymentConfiguration.deploymentCircuitBreaker as the service was made with it: reported by
   * DescribeServices only (the fake does not fail or roll back deployments; fake-aws.md).
   */
  circuitBreaker?: { enable: boolean; rollback: boolean };
}

/** A cluster named by name or ARN; the default cluster when none is named. */
const clusterNameOf = (c: string | undefined) => (c ?? 'default').split('/').pop()!;

export class FakeEcs {
  private readonly clusters = new Map<string, Map<string, Service>>();
  private readonly taskDefinitions: TaskDefinition[] = [];
  private readonly tasks: Task[] = [];
  private counter = 0;
  /** How long a deployment takes to reach a steady state. */
  steadyMs = 90_000;

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly now: () => number,
    private readonly background: Background,
    private readonly pull: ImagePuller,
    readonly partition = 'aws',
  ) {}

  private arn(kind: string, rest: string): string {
    return `arn:${this.partition}:ecs:${this.region}:${this.account}:${kind}/${rest}`;
  }

  private id(): string {
    return createHash('sha256').update(`${this.account}/${this.region}/${++this.counter}`).digest('hex').slice(0, 32);
  }

  /** A cluster with a service running its first task definition (what exists before the pipeline); its tasks start at once. */
  createService(spec: ServiceSpec): void {
    const td = this.register({ family: spec.family, containerDefinitions: spec.containers.map((c) => ({ ...c, essential: true })), executionRoleArn: spec.executionRoleArn, taskRoleArn: spec.taskRoleArn });
    const services = this.clusters.get(spec.cluster) ?? new Map<string, Service>();
    this.clusters.set(spec.cluster, services);
    const service: Service = { arn: this.arn('service', `${spec.cluster}/${spec.service}`), name: spec.service, cluster: spec.cluster, desiredCount: spec.desiredCount ?? 2, deployments: [], ...(spec.circuitBreaker ? { circuitBreaker: spec.circuitBreaker } : {}) };
    services.set(spec.service, service);
    const d = this.startDeployment(service, td.arn);
    this.background.schedule(0, `ECS service ${spec.service} starts`, async () => {
      if (await this.launch(service, d)) d.rolloutState = 'COMPLETED';
    });
  }

  private service(cluster: string | undefined, name: string | undefined): Service {
    const c = this.clusters.get(cluster ?? 'default');
    if (!c) throw fault('ClusterNotFoundException', 'Cluster not found.');
    const byArn = [...c.values()].find((s) => s.arn === name);
    const s = byArn ?? c.get(name ?? '');
    if (!s) throw fault('ServiceNotFoundException', 'Service not found.');
    return s;
  }

  private taskDefinition(ref: string | undefined): TaskDefinition {
    const r = ref ?? '';
    const [family, revision] = r.startsWith('arn:') ? r.split('/').pop()!.split(':') : r.split(':');
    const ofFamily = this.taskDefinitions.filter((t) => t.family === family);
    const td = revision ? ofFamily.find((t) => t.revision === Number(revision)) : ofFamily.at(-1);
    if (!td) throw fault('ClientException', 'Unable to describe task definition.');
    return td;
  }

  private register(input: Json): TaskDefinition {
    const revision = this.taskDefinitions.filter((t) => t.family === input.family).length + 1;
    const td: TaskDefinition = {
      arn: this.arn('task-definition', `${input.family}:${revision}`),
      family: input.family,
      revision,
      containerDefinitions: structuredClone(input.containerDefinitions ?? []),
      ...(input.executionRoleArn ? { executionRoleArn: input.executionRoleArn } : {}),
      ...(input.taskRoleArn ? { taskRoleArn: input.taskRoleArn } : {}),
      registeredAt: new Date(this.now()),
      tags: input.tags ?? [],
    };
    this.taskDefinitions.push(td);
    return td;
  }

  private startDeployment(service: Service, taskDefinition: string): Deployment {
    for (const d of service.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
    const d: Deployment = { id: `ecs-svc/${this.id().slice(0, 19)}`, status: 'PRIMARY', taskDefinition, rolloutState: 'IN_PROGRESS', createdAt: new Date(this.now()), updatedAt: new Date(this.now()) };
    service.deployments.unshift(d);
    return d;
  }

  /**
   * Resolves the deployment's images (once) and starts its tasks; the older deployment's tasks stop.
   * False when a task could not start: the deployment stays IN_PROGRESS (no circuit breaker).
   */
  private async launch(service: Service, d: Deployment): Promise<boolean> {
    const td = this.taskDefinition(d.taskDefinition);
    const images: Record<string, { image: string; digest: string }> = {};
    for (const c of td.containerDefinitions) {
      const pulled = await this.pull(c.image, td.executionRoleArn);
      if ('error' in pulled) {
        d.updatedAt = new Date(this.now());
        this.stoppedTask(service, d, td, pulled.error);
        return false;
      }
      images[c.name] = { image: c.image, digest: pulled.digest };
    }
    d.images = images;
    for (const t of this.running(service)) this.stop(t, 'Scaling activity initiated by (deployment ' + d.id + ')');
    for (let i = 0; i < service.desiredCount; i++) this.startTask(service, d, td);
    for (const old of service.deployments) if (old !== d && old.status === 'ACTIVE') old.status = 'INACTIVE';
    return true;
  }

  private running(service: Service): Task[] {
    return this.tasks.filter((t) => t.service === service.arn && t.lastStatus === 'RUNNING');
  }

  private startTask(service: Service, d: Deployment, td: TaskDefinition): void {
    this.tasks.push({
      arn: this.arn('task', `${service.cluster}/${this.id()}`),
      service: service.arn,
      taskDefinitionArn: td.arn,
      deploymentId: d.id,
      lastStatus: 'RUNNING',
      startedAt: new Date(this.now()),
      containers: Object.entries(d.images ?? {}).map(([name, i]) => ({ name, image: i.image, imageDigest: i.digest })),
    });
  }

  private stoppedTask(service: Service, d: Deployment, td: TaskDefinition, reason: string): void {
    this.tasks.push({ arn: this.arn('task', `${service.cluster}/${this.id()}`), service: service.arn, taskDefinitionArn: td.arn, deploymentId: d.id, lastStatus: 'STOPPED', stoppedReason: reason, startedAt: new Date(this.now()), containers: [] });
  }

  private stop(t: Task, reason: string): void {
    t.lastStatus = 'STOPPED';
    t.stoppedReason = reason;
  }

  // ----- API -----

  DescribeServices(input: Json): Json {
    const services: Json[] = [];
    const failures: Json[] = [];
    for (const name of input.services ?? []) {
      try {
        const s = this.service(input.cluster, name);
        const primary = s.deployments.find((d) => d.status === 'PRIMARY');
        services.push({
          serviceArn: s.arn,
          serviceName: s.name,
          clusterArn: this.arn('cluster', s.cluster),
          status: 'ACTIVE',
          desiredCount: s.desiredCount,
          runningCount: this.running(s).length,
          taskDefinition: primary?.taskDefinition,
          // deploymentConfiguration with its deploymentCircuitBreaker {enable, rollback} (ECS API reference,
          // Service and DeploymentConfiguration; 200 and 100 are its rolling-update defaults).
          deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, ...(s.circuitBreaker ? { deploymentCircuitBreaker: s.circuitBreaker } : {}) },
          deployments: s.deployments
            .filter((d) => d.status !== 'INACTIVE')
            .map((d) => ({ id: d.id, status: d.status, taskDefinition: d.taskDefinition, rolloutState: d.rolloutState, createdAt: d.createdAt, updatedAt: d.updatedAt, desiredCount: s.desiredCount })),
        });
      } catch {
        failures.push({ arn: this.arn('service', `${input.cluster}/${name}`), reason: 'MISSING' });
      }
    }
    return { services, failures };
  }

  DescribeTaskDefinition(input: Json): Json {
    const td = this.taskDefinition(input.taskDefinition);
    return {
      taskDefinition: {
        taskDefinitionArn: td.arn,
        family: td.family,
        revision: td.revision,
        status: 'ACTIVE',
        containerDefinitions: td.containerDefinitions,
        ...(td.executionRoleArn ? { executionRoleArn: td.executionRoleArn } : {}),
        ...(td.taskRoleArn ? { taskRoleArn: td.taskRoleArn } : {}),
        registeredAt: td.registeredAt,
      },
      ...(input.include?.includes('TAGS') ? { tags: td.tags } : {}),
    };
  }

  RegisterTaskDefinition(input: Json): Json {
    if (!input.family || !Array.isArray(input.containerDefinitions)) throw fault('ClientException', 'Family and container definitions are required.');
    const td = this.register(input);
    return this.DescribeTaskDefinition({ taskDefinition: td.arn });
  }

  /** A new task definition (or forceNewDeployment) starts a deployment; its tasks start after a moment. */
  UpdateService(input: Json): Json {
    const s = this.service(input.cluster, input.service);
    // deploymentConfiguration.deploymentCircuitBreaker: reported from now on (it changes no behaviour here).
    const breaker = input.deploymentConfiguration?.deploymentCircuitBreaker;
    if (breaker) s.circuitBreaker = { enable: breaker.enable === true, rollback: breaker.rollback === true };
    const current = s.deployments.find((d) => d.status === 'PRIMARY')?.taskDefinition;
    const wanted = input.taskDefinition ? this.taskDefinition(input.taskDefinition).arn : current;
    if (wanted && (wanted !== current || input.forceNewDeployment)) {
      const d = this.startDeployment(s, wanted);
      this.background.schedule(0, `ECS deployment ${d.id}`, async () => {
        if (!(await this.launch(s, d))) return;
        this.background.schedule(this.steadyMs, `ECS deployment ${d.id} steady`, () => {
          if (d.rolloutState === 'IN_PROGRESS') {
            d.rolloutState = 'COMPLETED';
            d.updatedAt = new Date(this.now());
          }
        });
      });
    }
    return { service: this.DescribeServices({ cluster: input.cluster, services: [s.name] }).services[0] };
  }

  /** "maxResults ... If this parameter is not used, then ListClusters returns up to 100 results". */
  ListClusters(input: Json): Json {
    const { items, next } = pageOf([...this.clusters.keys()].map((c) => this.arn('cluster', c)), input.nextToken, input.maxResults ?? 100);
    return { clusterArns: items, ...(next ? { nextToken: next } : {}) };
  }

  /** "If this parameter is not used, then ListServices returns up to 10 results". */
  ListServices(input: Json): Json {
    const c = this.clusters.get(clusterNameOf(input.cluster));
    if (!c) throw fault('ClusterNotFoundException', 'Cluster not found.');
    const { items, next } = pageOf([...c.values()].map((s) => s.arn), input.nextToken, input.maxResults ?? 10);
    return { serviceArns: items, ...(next ? { nextToken: next } : {}) };
  }

  ListTasks(input: Json): Json {
    const s = input.serviceName ? this.service(input.cluster, input.serviceName) : undefined;
    const status = input.desiredStatus ?? 'RUNNING';
    return { taskArns: this.tasks.filter((t) => (!s || t.service === s.arn) && t.lastStatus === status).map((t) => t.arn) };
  }

  DescribeTasks(input: Json): Json {
    const found = this.tasks.filter((t) => (input.tasks ?? []).includes(t.arn));
    return {
      tasks: found.map((t) => ({
        taskArn: t.arn,
        taskDefinitionArn: t.taskDefinitionArn,
        lastStatus: t.lastStatus,
        startedBy: t.deploymentId,
        startedAt: t.startedAt,
        ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}),
        containers: t.containers.map((c) => ({ name: c.name, image: c.image, imageDigest: c.imageDigest, lastStatus: t.lastStatus })),
      })),
      failures: [],
    };
  }

  // ----- controls and inspection -----

  /**
   * Replaces every running task of the service (a host failure, a scale-in and out): the new tasks pull
   * the digest their deployment resolved. Returns the stopped reasons of tasks that could not start.
   */
  async replaceTasks(cluster: string, service: string): Promise<string[]> {
    const s = this.service(cluster, service);
    const failures: string[] = [];
    for (const t of this.running(s)) {
      this.stop(t, 'Task replaced');
      const d = s.deployments.find((x) => x.id === t.deploymentId)!;
      const td = this.taskDefinition(t.taskDefinitionArn);
      const errors: string[] = [];
      for (const c of t.containers) {
        const ref = c.image.includes('@') ? c.image : `${c.image}@${c.imageDigest}`;
        const pulled = await this.pull(ref, td.executionRoleArn);
        if ('error' in pulled) errors.push(pulled.error);
      }
      if (errors.length > 0) {
        this.stoppedTask(s, d, td, errors[0]);
        failures.push(errors[0]);
      } else {
        this.startTask(s, d, td);
      }
    }
    return failures;
  }

  /** The digest of each container of the service's running tasks (what it runs now). */
  runningDigests(cluster: string, service: string): string[] {
    const s = this.service(cluster, service);
    return [...new Set(this.running(s).flatMap((t) => t.containers.map((c) => c.imageDigest)))];
  }

  /** The image of the container in the task definition the service's primary deployment runs. */
  serviceImage(cluster: string, service: string, container: string): string | undefined {
    const primary = this.service(cluster, service).deployments.find((d) => d.status === 'PRIMARY');
    return primary && this.taskDefinition(primary.taskDefinition).containerDefinitions.find((c) => c.name === container)?.image;
  }

  /** Every deployment of the service, newest first, with the digests each resolved. */
  deploymentsOf(cluster: string, service: string): Array<{ id: string; taskDefinition: string; rolloutState: string; images?: Record<string, { image: string; digest: string }> }> {
    return this.service(cluster, service).deployments.map((d) => ({ id: d.id, taskDefinition: d.taskDefinition, rolloutState: d.rolloutState, ...(d.images ? { images: d.images } : {}) }));
  }
}
