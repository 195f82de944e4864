/**
 * Drift detection for the fake CloudFormation: DetectStackDrift starts a detection that completes on the
 * virtual clock; DescribeStackDriftDetectionStatus reports it; DescribeStackResourceDrifts lists the
 * results of a stack's latest detection. Tests mark resources drifted (changed or deleted outside
 * CloudFormation) with `mark`. Behaviour: fake-aws.md.
 */
import { createHash } from 'node:crypto';
import { fault } from './fault';
import { pageOf } from './paging';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface PropertyDifference {
  PropertyPath: string;
  ExpectedValue: string;
  ActualValue: string;
  DifferenceType: 'ADD' | 'REMOVE' | 'NOT_EQUAL';
}

/** How a resource differs from its template: changed (with the property differences) or deleted. */
export interface DriftMark {
  status: 'MODIFIED' | 'DELETED';
  differences?: PropertyDifference[];
}

export interface DriftTarget {
  stackId: string;
  name: string;
  resources: Record<string, { type: string; ref: string }>;
}

interface Detection {
  id: string;
  stackId: string;
  startedAt: number;
  readyAt: number;
  results: Json[];
}

export class FakeDriftDetector {
  /** How long one detection takes in simulated time. */
  detectionMs = 10_000;
  private readonly marks = new Map<string, Map<string, DriftMark>>();
  private readonly detections = new Map<string, Detection>();
  private readonly latest = new Map<string, string>();
  private counter = 0;

  constructor(
    private readonly region: string,
    private readonly account: string,
  ) {}

  /** Marks a resource of a stack (by name) as changed or deleted outside CloudFormation. */
  mark(stackName: string, logicalId: string, mark: DriftMark): void {
    const byStack = this.marks.get(stackName) ?? new Map<string, DriftMark>();
    byStack.set(logicalId, mark);
    this.marks.set(stackName, byStack);
  }

  /** Starts a detection over every resource the stack holds now; returns its id. */
  start(stack: DriftTarget, now: number): string {
    const h = createHash('sha256').update(`${this.account}/${this.region}/${++this.counter}`).digest('hex');
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    const marks = this.marks.get(stack.name) ?? new Map<string, DriftMark>();
    const results = Object.entries(stack.resources).map(([logicalId, r]) => {
      const mark = marks.get(logicalId);
      return {
        StackId: stack.stackId,
        LogicalResourceId: logicalId,
        PhysicalResourceId: r.ref,
        ResourceType: r.type,
        StackResourceDriftStatus: mark?.status ?? 'IN_SYNC',
        PropertyDifferences: mark?.status === 'MODIFIED' ? (mark.differences ?? []) : [],
        Timestamp: new Date(now),
      };
    });
    this.detections.set(id, { id, stackId: stack.stackId, startedAt: now, readyAt: now + this.detectionMs, results });
    this.latest.set(stack.stackId, id);
    return id;
  }

  status(detectionId: string, now: number): Json {
    const d = this.detections.get(detectionId);
    if (!d) throw fault('ValidationError', `Drift detection [${detectionId}] does not exist`);
    const done = now >= d.readyAt;
    const drifted = d.results.filter((r) => r.StackResourceDriftStatus !== 'IN_SYNC').length;
    return {
      StackId: d.stackId,
      StackDriftDetectionId: d.id,
      DetectionStatus: done ? 'DETECTION_COMPLETE' : 'DETECTION_IN_PROGRESS',
      ...(done ? { StackDriftStatus: drifted > 0 ? 'DRIFTED' : 'IN_SYNC', DriftedStackResourceCount: drifted } : {}),
      Timestamp: new Date(d.startedAt),
    };
  }

  /** The results of the stack's latest completed detection, filtered by drift status, paged. */
  resourceDrifts(stackId: string, now: number, filters: string[] | undefined, nextToken: string | undefined, pageSize: number): Json {
    const id = this.latest.get(stackId);
    const d = id ? this.detections.get(id) : undefined;
    const all = d && now >= d.readyAt ? d.results.filter((r) => !filters || filters.length === 0 || filters.includes(r.StackResourceDriftStatus)) : [];
    const { items, next } = pageOf(all, nextToken, pageSize);
    return { StackResourceDrifts: items, ...(next ? { NextToken: next } : {}) };
  }
}
