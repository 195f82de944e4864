/**
 * A fake of CodePipeline for one account and region. Pipelines appear when a stack of the fake
 * CloudFormation creates an AWS::CodePipeline::Pipeline (stages and actions from its resolved
 * properties), change when a stack update changes them, and go when the stack deletes them. Executions
 * run in the fake (pipeline-executor.ts: started on creation, by StartPipelineExecution, or by an event
 * rule); tests may also record one in a chosen state with `recordExecution`. The API: GetPipelineState,
 * ListPipelineExecutions, GetPipelineExecution, ListActionExecutions, StartPipelineExecution. Behaviour:
 * fake-aws.md.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';
import { pageOf } from './paging';
import type { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ActionRecord {
  name: string;
  category: string;
  latest?: Json;
  revision?: Json;
}

export interface StageRecord {
  name: string;
  actions: ActionRecord[];
  latest?: { pipelineExecutionId: string; status: string };
}

/** One execution: what ListPipelineExecutions and GetPipelineExecution say, and what the executor keeps. */
export interface ExecutionRecord {
  pipelineExecutionId: string;
  status: string;
  statusSummary?: string;
  startTime: Date;
  lastUpdateTime: Date;
  trigger: { triggerType: string; triggerDetail?: string };
  /** The source revisions the execution read, by action (ListPipelineExecutions `sourceRevisions`). */
  sourceRevisions: Array<{ actionName: string; revisionId: string; revisionSummary?: string }>;
  /** The same by the source action's output artifact (GetPipelineExecution `artifactRevisions`, "The name of an artifact"). */
  artifactRevisions: Array<{ name: string; revisionId: string }>;
  /** What StartPipelineExecution asked for (`sourceRevisions`: IMAGE_DIGEST, S3_OBJECT_VERSION_ID, ...). */
  overrides: Array<{ actionName: string; revisionType: string; revisionValue: string }>;
  executionMode: string;
  /** The pipeline definition the execution runs (an update does not change a running execution). */
  definition: Json;
  /** Output variables by namespace. */
  variables: Record<string, Record<string, string>>;
  /** Artifacts by name: their files. */
  artifacts: Record<string, Record<string, Uint8Array>>;
  /** The actions' runs in the order they started (InProgress until they end): what ListActionExecutions reports. */
  actions: ActionOutcomeRecord[];
}

/** One action's run within an execution. */
export interface ActionOutcomeRecord {
  stage: string;
  action: string;
  status: string;
  actionExecutionId: string;
  startTime: Date;
  lastUpdateTime: Date;
  error?: string;
  log?: string;
  outputVariables?: Record<string, string>;
}

export interface Pipeline {
  name: string;
  created: Date;
  updated: Date;
  version: number;
  stages: StageRecord[];
  /** The resource's properties as the template declared them (stages, actions, configuration). */
  definition: Json;
  /** Every execution, oldest first. */
  executions: ExecutionRecord[];
}

/** An execution as tests describe it: how far it got, and with what. */
export interface ExecutionSpec {
  /** The stage where it stopped with a failure (its action `action`, or the first, failed with `message`). */
  failAt?: { stage: string; action?: string; message: string };
  /** The stage it is running now. */
  runningAt?: string;
  /** Revision ids of source actions by action name (the image digest, the S3 object version). */
  revisions?: Record<string, string>;
  /** What started it: CreatePipeline, StartPipelineExecution, CloudWatchEvent, ... (default StartPipelineExecution). */
  trigger?: string;
}

/** What starts an execution in the fake: the executor (FakeAws wires it). */
export type ExecutionStarter = (pipeline: string, start: ExecutionStart) => string;

/** What starts an execution: the trigger type and detail (ExecutionTrigger), and the source revision overrides. */
export interface ExecutionStart {
  trigger: string;
  triggerDetail?: string;
  overrides?: ExecutionRecord['overrides'];
}

const stagesOf = (properties: Json): StageRecord[] =>
  (properties.Stages ?? []).map((st: Json) => ({
    name: st.Name,
    actions: (st.Actions ?? []).map((a: Json) => ({ name: a.Name, category: a.ActionTypeId?.Category ?? 'Unknown' })),
  }));

export class FakeCodePipeline {
  private readonly pipelines = new Map<string, Pipeline>();
  private counter = 0;
  /** Set by FakeAws: runs executions. Without it StartPipelineExecution only records one. */
  starter?: ExecutionStarter;

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly clock: VirtualClock,
  ) {}

  /** A pipeline as an AWS::CodePipeline::Pipeline resource declares it. */
  createPipeline(name: string, properties: Json): void {
    const now = new Date(this.clock.now());
    this.pipelines.set(name, { name, created: now, updated: now, version: 1, stages: stagesOf(properties), definition: properties, executions: [] });
  }

  /** A stack update changed the pipeline: new version; stages keep what executions left there, by name. */
  updatePipeline(name: string, properties: Json): void {
    const p = this.mustPipeline(name);
    const before = new Map(p.stages.map((s) => [s.name, s]));
    p.stages = stagesOf(properties).map((s) => {
      const old = before.get(s.name);
      return { ...s, ...(old?.latest ? { latest: old.latest } : {}), actions: s.actions.map((a) => ({ ...(old?.actions.find((x) => x.name === a.name) ?? {}), ...a })) };
    });
    p.definition = properties;
    p.version++;
    p.updated = new Date(this.clock.now());
  }

  /** The pipeline's declared properties (for the fake's own execution of it). */
  definition(name: string): Json {
    return this.mustPipeline(name).definition;
  }

  deletePipeline(name: string): void {
    this.pipelines.delete(name);
  }

  exists(name: string): boolean {
    return this.pipelines.has(name);
  }

  /** The pipeline's record, for the executor. */
  pipeline(name: string): Pipeline {
    return this.mustPipeline(name);
  }

  private mustPipeline(name: string | undefined): Pipeline {
    const p = this.pipelines.get(name ?? '');
    if (!p) throw fault('PipelineNotFoundException', `Account '${this.account}' does not have a pipeline with name '${name}'`);
    return p;
  }

  private newId(pipeline: string): string {
    return createHash('sha256').update(`${this.account}/${pipeline}/${++this.counter}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
  }

  /** A new execution in progress, nothing run yet (the executor runs it). */
  newExecution(pipeline: string, trigger: string, overrides: ExecutionRecord['overrides'] = [], triggerDetail?: string): ExecutionRecord {
    const p = this.mustPipeline(pipeline);
    const at = new Date(this.clock.now());
    const e: ExecutionRecord = {
      pipelineExecutionId: this.newId(pipeline),
      status: 'InProgress',
      startTime: at,
      lastUpdateTime: at,
      trigger: { triggerType: trigger, ...(triggerDetail ? { triggerDetail } : {}) },
      sourceRevisions: [],
      artifactRevisions: [],
      overrides,
      executionMode: p.definition.ExecutionMode ?? 'SUPERSEDED',
      definition: p.definition,
      variables: {},
      artifacts: {},
      actions: [],
    };
    p.executions.push(e);
    return e;
  }

  /**
   * Records an execution in a chosen state (tests): stages in order succeed until the one it failed or
   * runs in; later stages keep what an earlier execution left there, as CodePipeline shows them.
   */
  recordExecution(pipeline: string, spec: ExecutionSpec = {}): string {
    const p = this.mustPipeline(pipeline);
    const e = this.newExecution(pipeline, spec.trigger ?? 'StartPipelineExecution');
    const id = e.pipelineExecutionId;
    const at = e.startTime;
    for (const stage of p.stages) {
      const failing = spec.failAt?.stage === stage.name;
      const running = spec.runningAt === stage.name;
      const failedAction = failing ? (spec.failAt!.action ?? stage.actions[0]?.name) : undefined;
      stage.latest = { pipelineExecutionId: id, status: failing ? 'Failed' : running ? 'InProgress' : 'Succeeded' };
      for (const action of stage.actions) {
        const status = action.name === failedAction ? 'Failed' : running ? 'InProgress' : 'Succeeded';
        action.latest = {
          actionExecutionId: `${id.slice(0, 8)}-${action.name}`,
          status,
          lastStatusChange: at,
          ...(status === 'Failed' ? { errorDetails: { code: 'JobFailed', message: spec.failAt!.message } } : {}),
        };
        e.actions.push({
          stage: stage.name,
          action: action.name,
          status,
          actionExecutionId: action.latest.actionExecutionId,
          startTime: at,
          lastUpdateTime: at,
          ...(status === 'Failed' ? { error: spec.failAt!.message } : {}),
          ...(action.category === 'Source' && status === 'Succeeded' && spec.revisions?.[action.name] ? { outputVariables: { ImageDigest: spec.revisions[action.name] } } : {}),
        });
        if (action.category === 'Source' && status === 'Succeeded') {
          action.revision = { revisionId: spec.revisions?.[action.name] ?? `rev-${id.slice(0, 8)}`, revisionChangeId: spec.revisions?.[action.name] ?? `rev-${id.slice(0, 8)}`, created: at };
        }
      }
      if (failing || running) break;
    }
    e.status = spec.failAt ? 'Failed' : spec.runningAt ? 'InProgress' : 'Succeeded';
    e.sourceRevisions = Object.entries(spec.revisions ?? {}).map(([actionName, revisionId]) => ({ actionName, revisionId }));
    const artifactOf = (actionName: string) =>
      (p.definition.Stages ?? []).flatMap((st: Json) => st.Actions ?? []).find((a: Json) => a.Name === actionName)?.OutputArtifacts?.[0]?.Name ?? actionName;
    e.artifactRevisions = e.sourceRevisions.map((r) => ({ name: artifactOf(r.actionName), revisionId: r.revisionId }));
    return id;
  }

  // ----- API -----

  /**
   * Starts an execution; `sourceRevisions` override what source actions read ("A list that allows you to
   * specify, or override, the source revision for a pipeline execution that's being started", API
   * reference, StartPipelineExecution).
   */
  StartPipelineExecution(input: Json, _account?: string, callerArn?: string): Json {
    this.mustPipeline(input.name);
    const overrides = (input.sourceRevisions ?? []) as ExecutionRecord['overrides'];
    // triggerDetail: "the user ARN for a user-initiated start-pipeline-execution CLI command" (ExecutionTrigger).
    const start = { trigger: 'StartPipelineExecution', overrides, ...(callerArn ? { triggerDetail: callerArn } : {}) };
    const id = this.starter ? this.starter(input.name, start) : this.newExecution(input.name, start.trigger, overrides, start.triggerDetail).pipelineExecutionId;
    return { pipelineExecutionId: id };
  }

  /**
   * The actions of the pipeline's executions, the latest started first (order: unsure, the API reference
   * states none), running ones included, optionally of one execution (filter pipelineExecutionId); a
   * failed action's error in output.executionResult.errorDetails (CodePipeline API reference,
   * ListActionExecutions and ActionExecutionDetail).
   */
  ListActionExecutions(input: Json): Json {
    const p = this.mustPipeline(input.pipelineName);
    const wanted = input.filter?.pipelineExecutionId;
    const all = [...p.executions]
      .filter((e) => !wanted || e.pipelineExecutionId === wanted)
      .flatMap((e) => e.actions.map((a) => actionDetail(p, e, a)))
      .reverse();
    const { items, next } = pageOf(all, input.nextToken, input.maxResults ?? 100);
    return { actionExecutionDetails: items, ...(next ? { nextToken: next } : {}) };
  }

  /**
   * Newest first (a recorded list-pipeline-executions, GitHub id 59674370520), `maxResults` (default 100)
   * per page (CodePipeline API reference, ListPipelineExecutions).
   */
  ListPipelineExecutions(input: Json): Json {
    const all = [...this.mustPipeline(input.pipelineName).executions].reverse();
    const { items, next } = pageOf(all, input.nextToken, input.maxResults ?? 100);
    return { pipelineExecutionSummaries: items.map(summary), ...(next ? { nextToken: next } : {}) };
  }

  GetPipelineExecution(input: Json): Json {
    const p = this.mustPipeline(input.pipelineName);
    const e = p.executions.find((x) => x.pipelineExecutionId === input.pipelineExecutionId);
    if (!e) throw fault('PipelineExecutionNotFoundException', `Pipeline execution with id '${input.pipelineExecutionId}' does not exist in pipeline with name '${p.name}'`);
    return {
      pipelineExecution: {
        pipelineName: p.name,
        pipelineVersion: p.version,
        pipelineExecutionId: e.pipelineExecutionId,
        status: e.status,
        ...(e.statusSummary ? { statusSummary: e.statusSummary } : {}),
        artifactRevisions: e.artifactRevisions,
        trigger: e.trigger,
        executionMode: e.executionMode,
        executionType: 'STANDARD',
      },
    };
  }

  GetPipelineState(input: Json): Json {
    const p = this.mustPipeline(input.name);
    return {
      pipelineName: p.name,
      pipelineVersion: p.version,
      created: p.created,
      updated: p.updated,
      stageStates: p.stages.map((stage, i) => ({
        stageName: stage.name,
        ...(i > 0 ? { inboundTransitionState: { enabled: true } } : {}),
        actionStates: stage.actions.map((a) => ({
          actionName: a.name,
          ...(a.latest ? { latestExecution: a.latest } : {}),
          ...(a.revision ? { currentRevision: a.revision } : {}),
        })),
        ...(stage.latest ? { latestExecution: stage.latest } : {}),
      })),
    };
  }

  // ----- inspection -----
  pipelineNames(): string[] {
    return [...this.pipelines.keys()];
  }

  /** Every execution of the pipeline, oldest first. */
  executions(name: string): ExecutionRecord[] {
    return this.mustPipeline(name).executions;
  }
}

function summary(e: ExecutionRecord): Json {
  return {
    pipelineExecutionId: e.pipelineExecutionId,
    status: e.status,
    ...(e.statusSummary ? { statusSummary: e.statusSummary } : {}),
    startTime: e.startTime,
    lastUpdateTime: e.lastUpdateTime,
    trigger: e.trigger,
    executionMode: e.executionMode,
    ...(e.sourceRevisions.length > 0 ? { sourceRevisions: e.sourceRevisions } : {}),
  };
}

function actionDetail(p: Pipeline, e: ExecutionRecord, a: ActionOutcomeRecord): Json {
  return {
    pipelineExecutionId: e.pipelineExecutionId,
    actionExecutionId: a.actionExecutionId,
    pipelineVersion: p.version,
    stageName: a.stage,
    actionName: a.action,
    startTime: a.startTime,
    lastUpdateTime: a.lastUpdateTime,
    status: a.status,
    output: {
      executionResult: a.error ? { errorDetails: { code: 'JobFailed', message: a.error } } : {},
      ...(a.outputVariables ? { outputVariables: a.outputVariables } : {}),
    },
  };
}
