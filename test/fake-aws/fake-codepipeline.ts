/**
 * A fake of CodePipeline's GetPipelineState for one account and region. Pipelines appear when a stack of
 * the fake CloudFormation creates an AWS::CodePipeline::Pipeline (stages and actions from its template)
 * and go when it deletes it. A new pipeline has no execution; tests record executions with
 * `recordExecution`. Behaviour: fake-aws.md.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';
import type { VirtualClock } from './virtual-clock';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface ActionRecord {
  name: string;
  category: string;
  latest?: Json;
  revision?: Json;
}

interface StageRecord {
  name: string;
  actions: ActionRecord[];
  latest?: { pipelineExecutionId: string; status: string };
}

interface Pipeline {
  name: string;
  created: Date;
  stages: StageRecord[];
  /** The resource's properties as the template declared them (stages, actions, configuration). */
  definition: Json;
  /** Every execution, oldest first, as ListPipelineExecutions summarises them. */
  executions: Json[];
  /** Every action execution, oldest first (ListActionExecutions). */
  actionExecutions: Json[];
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

export class FakeCodePipeline {
  private readonly pipelines = new Map<string, Pipeline>();
  private counter = 0;

  constructor(
    readonly account: string,
    readonly region: string,
    private readonly clock: VirtualClock,
  ) {}

  /** A pipeline as an AWS::CodePipeline::Pipeline resource declares it. */
  createPipeline(name: string, properties: Json): void {
    const stages = (properties.Stages ?? []).map((st: Json) => ({
      name: st.Name,
      actions: (st.Actions ?? []).map((a: Json) => ({ name: a.Name, category: a.ActionTypeId?.Category ?? 'Unknown' })),
    }));
    this.pipelines.set(name, { name, created: new Date(this.clock.now()), stages, definition: properties, executions: [], actionExecutions: [] });
  }

  /** The pipeline's declared properties (for the fake's own execution of it). */
  definition(name: string): Json {
    return this.mustPipeline(name).definition;
  }

  deletePipeline(name: string): void {
    this.pipelines.delete(name);
  }

  private mustPipeline(name: string | undefined): Pipeline {
    const p = this.pipelines.get(name ?? '');
    if (!p) throw fault('PipelineNotFoundException', `Account '${this.account}' does not have a pipeline with name '${name}'`);
    return p;
  }

  /**
   * Records an execution: stages in order succeed until the one it failed or runs in; later stages keep
   * what an earlier execution left there, as CodePipeline shows them. Returns the execution id.
   */
  recordExecution(pipeline: string, spec: ExecutionSpec = {}): string {
    const p = this.mustPipeline(pipeline);
    const id = createHash('sha256').update(`${pipeline}/${++this.counter}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
    const at = new Date(this.clock.now());
    const actions: Json[] = [];
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
        actions.push({
          pipelineExecutionId: id,
          actionExecutionId: action.latest.actionExecutionId,
          pipelineVersion: 1,
          stageName: stage.name,
          actionName: action.name,
          startTime: at,
          lastUpdateTime: at,
          status,
          output: {
            executionResult: {
              ...(status === 'Failed' ? { errorDetails: { code: 'JobFailed', message: spec.failAt!.message } } : {}),
            },
            ...(action.category === 'Source' && status === 'Succeeded' && spec.revisions?.[action.name] ? { outputVariables: { ImageDigest: spec.revisions[action.name] } } : {}),
          },
        });
        if (action.category === 'Source' && status === 'Succeeded') {
          action.revision = { revisionId: spec.revisions?.[action.name] ?? `rev-${id.slice(0, 8)}`, revisionChangeId: spec.revisions?.[action.name] ?? `rev-${id.slice(0, 8)}`, created: at };
        }
      }
      if (failing || running) break;
    }
    const status = spec.failAt ? 'Failed' : spec.runningAt ? 'InProgress' : 'Succeeded';
    const sourceRevisions = Object.entries(spec.revisions ?? {}).map(([actionName, revisionId]) => ({ actionName, revisionId }));
    p.executions.push({ pipelineExecutionId: id, status, startTime: at, lastUpdateTime: at, trigger: { triggerType: spec.trigger ?? 'StartPipelineExecution' }, ...(sourceRevisions.length > 0 ? { sourceRevisions } : {}) });
    p.actionExecutions.push(...actions);
    return id;
  }

  /**
   * The actions of the pipeline's executions, newest first, optionally of one execution (filter
   * pipelineExecutionId); a failed action's error in output.executionResult.errorDetails (CodePipeline API
   * reference, ListActionExecutions and ActionExecutionDetail).
   */
  ListActionExecutions(input: Json): Json {
    const p = this.mustPipeline(input.pipelineName);
    const wanted = input.filter?.pipelineExecutionId;
    const all = [...p.actionExecutions].reverse().filter((a) => !wanted || a.pipelineExecutionId === wanted);
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = input.maxResults ?? 100;
    const next = start + size < all.length ? String(start + size) : undefined;
    return { actionExecutionDetails: all.slice(start, start + size), ...(next ? { nextToken: next } : {}) };
  }

  /** Newest first, `maxResults` (default 100) per page (CodePipeline API reference, ListPipelineExecutions). */
  ListPipelineExecutions(input: Json): Json {
    const all = [...this.mustPipeline(input.pipelineName).executions].reverse();
    const start = input.nextToken ? Number(input.nextToken) : 0;
    const size = input.maxResults ?? 100;
    const next = start + size < all.length ? String(start + size) : undefined;
    return { pipelineExecutionSummaries: all.slice(start, start + size), ...(next ? { nextToken: next } : {}) };
  }

  GetPipelineState(input: Json): Json {
    const p = this.mustPipeline(input.name);
    return {
      pipelineName: p.name,
      pipelineVersion: 1,
      created: p.created,
      updated: p.created,
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
}
