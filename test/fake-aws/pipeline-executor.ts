/**
 * Runs pipeline executions in the fake, on the virtual clock, from the definition the pipeline had
 * when each execution started: stage after stage, the actions of a stage in RunOrder groups (actions of
 * one group at once), each action by pipeline-actions.ts. How executions share the pipeline follows its
 * ExecutionMode (CodePipeline user guide, "How pipeline executions work" and "Set or change the
 * pipeline execution mode"):
 *
 * - a stage holds one execution at a time ("Rule 1: Stages are locked when processing an execution"),
 *   and the next waits before it ("Rule 2: Subsequent executions wait for the stage to be unlocked");
 * - SUPERSEDED: "Rule 3: Waiting executions are superseded by more recent executions. Executions are
 *   only superseded in between stages": of the executions waiting for a stage, the newest enters, the
 *   others end Superseded;
 * - QUEUED: "Executions are processed one by one in the order that they are queued": waiting executions
 *   enter in order, none is superseded (that a queued execution waits per stage, like SUPERSEDED, rather
 *   than for the whole pipeline is the fake's reading: unsure);
 * - PARALLEL: "executions run simultaneously and independently of one another": no locks.
 *
 * A failed action fails its stage and the execution; the stage unlocks for the next one.
 */
import type { Background } from './background';
import type { ExecutionRecord, ExecutionStart, FakeCodePipeline, Pipeline } from './fake-codepipeline';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What an action did: its outcome is reported `durationMs` after it started. */
export interface ActionOutcome {
  status: 'Succeeded' | 'Failed';
  /** errorDetails.message of a failed action. */
  error?: string;
  durationMs: number;
  /** A source action's revision (image digest, object version). */
  revision?: { revisionId: string; revisionSummary?: string };
  outputArtifacts?: Record<string, Record<string, Uint8Array>>;
  outputVariables?: Record<string, string>;
  log?: string;
  /** An action that waits for something (ECS steady state): polled every `pollMs` until it settles. */
  waitFor?: { pollMs: number; check: () => { done: false } | { done: true; error?: string } };
}

export type ActionRunner = (pipeline: Pipeline, execution: ExecutionRecord, stage: Json, action: Json) => Promise<ActionOutcome>;

interface Locks {
  holders: Map<string, string>;
  waiting: Map<string, string[]>;
}

export class PipelineExecutor {
  private readonly locks = new WeakMap<Pipeline, Locks>();

  constructor(
    private readonly codePipeline: FakeCodePipeline,
    private readonly background: Background,
    private readonly runAction: ActionRunner,
    private readonly now: () => number,
  ) {}

  private locksOf(p: Pipeline): Locks {
    let l = this.locks.get(p);
    if (!l) {
      l = { holders: new Map(), waiting: new Map() };
      this.locks.set(p, l);
    }
    return l;
  }

  /** Starts an execution (it waits for the first stage like any other); returns its id. */
  start(pipeline: string, start: ExecutionStart): string {
    const e = this.codePipeline.newExecution(pipeline, start.trigger, start.overrides ?? [], start.triggerDetail);
    const p = this.codePipeline.pipeline(pipeline);
    const first = e.definition.Stages?.[0]?.Name;
    const locks = this.locksOf(p);
    locks.waiting.set(first, [...(locks.waiting.get(first) ?? []), e.pipelineExecutionId]);
    this.background.schedule(0, `pipeline ${pipeline}: start ${e.pipelineExecutionId}`, () => this.pump(pipeline, p));
    return e.pipelineExecutionId;
  }

  private live(name: string, p: Pipeline): boolean {
    return this.codePipeline.exists(name) && this.codePipeline.pipeline(name) === p;
  }

  private execution(p: Pipeline, id: string): ExecutionRecord {
    return p.executions.find((e) => e.pipelineExecutionId === id)!;
  }

  private touch(e: ExecutionRecord, status?: string, summary?: string): void {
    if (status) e.status = status;
    if (summary) e.statusSummary = summary;
    e.lastUpdateTime = new Date(this.now());
  }

  /** Lets waiting executions into the stages that are free, as the execution mode says. */
  private pump(name: string, p: Pipeline): void {
    if (!this.live(name, p)) return;
    const locks = this.locksOf(p);
    const mode = p.definition.ExecutionMode ?? 'SUPERSEDED';
    for (const [stage, ids] of locks.waiting) {
      const queue = ids.filter((id) => this.execution(p, id).status === 'InProgress');
      locks.waiting.set(stage, queue);
      if (queue.length === 0 || (mode !== 'PARALLEL' && locks.holders.has(stage))) continue;
      let entering: string[];
      if (mode === 'PARALLEL') entering = queue;
      else if (mode === 'QUEUED') entering = [queue[0]];
      else {
        entering = [queue.at(-1)!];
        // statusSummary wording: the fake's (no recorded text).
        for (const older of queue.slice(0, -1)) this.touch(this.execution(p, older), 'Superseded', `Superseded by execution ${entering[0]}`);
      }
      locks.waiting.set(stage, queue.filter((id) => !entering.includes(id)));
      for (const id of entering) this.enter(name, p, this.execution(p, id), stage, mode !== 'PARALLEL');
    }
  }

  private enter(name: string, p: Pipeline, e: ExecutionRecord, stageName: string, lock: boolean): void {
    const locks = this.locksOf(p);
    if (lock) locks.holders.set(stageName, e.pipelineExecutionId);
    const stage = (e.definition.Stages as Json[]).find((s) => s.Name === stageName)!;
    const record = p.stages.find((s) => s.name === stageName);
    if (record) record.latest = { pipelineExecutionId: e.pipelineExecutionId, status: 'InProgress' };
    const orders = [...new Set<number>((stage.Actions as Json[]).map((a) => Number(a.RunOrder ?? 1)))].sort((a, b) => a - b);
    const release = () => {
      if (locks.holders.get(stageName) === e.pipelineExecutionId) locks.holders.delete(stageName);
    };
    const finish = (failed?: string) => {
      if (!this.live(name, p)) return;
      release();
      if (record) record.latest = { pipelineExecutionId: e.pipelineExecutionId, status: failed ? 'Failed' : 'Succeeded' };
      const stages = e.definition.Stages as Json[];
      const next = stages[stages.findIndex((s) => s.Name === stageName) + 1];
      if (failed) this.touch(e, 'Failed', failed);
      else if (!next) this.touch(e, 'Succeeded');
      else {
        this.touch(e);
        locks.waiting.set(next.Name, [...(locks.waiting.get(next.Name) ?? []), e.pipelineExecutionId]);
      }
      this.pump(name, p);
    };
    const group = (i: number) => {
      const actions = (stage.Actions as Json[]).filter((a) => Number(a.RunOrder ?? 1) === orders[i]);
      let pending = actions.length;
      let failure: string | undefined;
      for (const action of actions) {
        const startedAt = new Date(this.now());
        const actionExecutionId = `${e.pipelineExecutionId.slice(0, 8)}-${action.Name}`;
        this.actionRecord(p, stageName, action.Name, { actionExecutionId, status: 'InProgress' });
        // ListActionExecutions lists an action while it runs ("Status categories are InProgress, Succeeded, and Failed", ActionExecutionDetail).
        e.actions.push({ stage: stageName, action: action.Name, status: 'InProgress', actionExecutionId, startTime: startedAt, lastUpdateTime: startedAt });
        this.background.schedule(0, `pipeline ${name}: ${e.pipelineExecutionId} ${stageName}/${action.Name}`, async () => {
          if (!this.live(name, p)) return;
          const outcome = await this.runAction(p, e, stage, action);
          const done = (status: 'Succeeded' | 'Failed', error?: string) => {
            if (!this.live(name, p)) return;
            this.record(p, e, stageName, action, { ...outcome, status, ...(error ? { error } : {}) }, startedAt);
            if (status === 'Failed') failure ??= `${stageName}/${action.Name}: ${error}`;
            if (--pending === 0) {
              if (failure) finish(failure);
              else if (i + 1 < orders.length) group(i + 1);
              else finish();
            }
          };
          const poll = () => {
            const w = outcome.waitFor!.check();
            if (!w.done) this.background.schedule(outcome.waitFor!.pollMs, `pipeline ${name}: ${action.Name} waits`, poll);
            else done(w.error ? 'Failed' : 'Succeeded', w.error);
          };
          if (outcome.status === 'Succeeded' && outcome.waitFor) this.background.schedule(outcome.waitFor.pollMs, `pipeline ${name}: ${action.Name} waits`, poll);
          else this.background.schedule(outcome.durationMs, `pipeline ${name}: ${action.Name} ends`, () => done(outcome.status, outcome.error));
        });
      }
    };
    group(0);
  }

  private actionRecord(p: Pipeline, stage: string, action: string, latest: Json, revision?: Json): void {
    const a = p.stages.find((s) => s.name === stage)?.actions.find((x) => x.name === action);
    if (!a) return;
    a.latest = { ...latest, lastStatusChange: new Date(this.now()) };
    if (revision) a.revision = revision;
  }

  /** What the action left: its state, a source's revision, its artifacts and variables. */
  private record(p: Pipeline, e: ExecutionRecord, stage: string, action: Json, outcome: ActionOutcome, startedAt: Date): void {
    const failed = outcome.status === 'Failed';
    const revision = outcome.revision && !failed ? { revisionId: outcome.revision.revisionId, revisionChangeId: outcome.revision.revisionId, created: new Date(this.now()) } : undefined;
    const actionExecutionId = `${e.pipelineExecutionId.slice(0, 8)}-${action.Name}`;
    this.actionRecord(
      p,
      stage,
      action.Name,
      {
        actionExecutionId,
        status: outcome.status,
        ...(failed ? { errorDetails: { code: 'JobFailed', message: outcome.error } } : {}),
      },
      revision,
    );
    if (!failed) {
      Object.assign(e.artifacts, outcome.outputArtifacts ?? {});
      if (action.Namespace && outcome.outputVariables) e.variables[action.Namespace] = outcome.outputVariables;
      if (outcome.revision) {
        e.sourceRevisions.push({ actionName: action.Name, ...outcome.revision });
        e.artifactRevisions.push({ name: action.OutputArtifacts?.[0]?.Name ?? action.Name, revisionId: outcome.revision.revisionId });
      }
    }
    const ended = {
      stage,
      action: action.Name,
      status: outcome.status,
      actionExecutionId,
      startTime: startedAt,
      lastUpdateTime: new Date(this.now()),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.log ? { log: outcome.log } : {}),
      ...(outcome.outputVariables ? { outputVariables: outcome.outputVariables } : {}),
    };
    const running = e.actions.findIndex((a) => a.actionExecutionId === actionExecutionId);
    if (running >= 0) e.actions[running] = ended;
    else e.actions.push(ended);
    this.touch(e);
  }
}
