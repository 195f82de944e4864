/** What the publisher reports while it works; reporters (console, JSON lines, tests) consume these. */
import type { ProgressEvent } from '../deploy/events';
import type { PublishPlan, PublishStep } from './plan-types';

export type PublishStepResult =
  | { outcome: 'uploaded'; url: string }
  | { outcome: 'created'; id: string }
  | { outcome: 'associated' | 'shared' | 'unshared' | 'restored' | 'deprecated' }
  | { outcome: 'no-change'; reason: string };

export type PublishEvent =
  | Extract<ProgressEvent, { type: 'identity' }>
  | { type: 'plan'; plan: PublishPlan }
  | { type: 'step-started'; index: number; total: number; step: PublishStep }
  | { type: 'step-finished'; stepId: string; result: PublishStepResult }
  | { type: 'notice'; stepId?: string; message: string }
  | { type: 'failed'; stepId?: string; code: string; message: string }
  /** What each target account still does itself to launch the shared products (printed after the run). */
  | { type: 'next-steps'; portfolioId: string; region: string; accounts: NextSteps[] }
  /** changed: steps that wrote (in a dry run: would write); unchanged: steps with nothing to do. */
  | { type: 'finished'; changed: number; unchanged: number; dryRun: boolean };

export interface NextSteps {
  target: string;
  accountId: string;
  /** One line each, AWS CLI commands where there is one. */
  steps: string[];
}

export type PublishEmit = (event: PublishEvent) => void;
