/**
 * Draws progress for people: one line per step and stack event; on a terminal the waiting status is a
 * live line that is rewritten in place, elsewhere only status changes are printed.
 */
import type { Output } from './output';
import type { ProgressEvent } from '../deploy/events';
import { describeIdentity, describeResult, describeRetained, describeStep, duration } from './format';

export function consoleReporter(io: Output): (event: ProgressEvent) => void {
  let live = false;
  let lastStatus = '';
  const line = (text: string) => {
    if (live) io.out('\r\x1b[2K');
    live = false;
    io.out(text + '\n');
  };
  return (e) => {
    switch (e.type) {
      case 'plan':
        line(`Deployment ${e.plan.deployment} in ${e.plan.region}: ${e.plan.steps.length} steps`);
        for (const s of e.plan.steps) line(`  ${s.id.padEnd(18)} ${describeStep(s)}`);
        break;
      case 'identity':
        line(describeIdentity(e.account, e));
        break;
      case 'step-started':
        lastStatus = '';
        line(`[${e.index}/${e.total}] ${e.step.id}: ${describeStep(e.step)}`);
        break;
      case 'changes':
        line(`      ${e.changes.length} change(s) to ${e.stack}:`);
        for (const c of e.changes) line(`        ${c.action.padEnd(7)} ${c.logicalId} ${c.resourceType}${c.replacement && c.replacement !== 'False' ? ` (replacement: ${c.replacement})` : ''}`);
        break;
      case 'stack-event': {
        const ev = e.event;
        line(`      ${ev.timestamp.toISOString().slice(11, 19)} ${ev.status.padEnd(28)} ${ev.logicalId} ${ev.resourceType}${ev.reason ? `: ${ev.reason}` : ''}`);
        break;
      }
      case 'waiting':
        if (io.isTty) {
          io.out(`\r\x1b[2K      ${e.stack} ${e.status} (${duration(e.elapsedMs)})`);
          live = true;
        } else if (e.status !== lastStatus) {
          line(`      ${e.stack} is ${e.status}`);
        }
        lastStatus = e.status;
        break;
      case 'notice':
        line(`      ${e.message}`);
        break;
      case 'step-finished':
        line(`      -> ${describeResult(e.result)} (${duration(e.elapsedMs)})`);
        break;
      case 'failed':
        if (e.rootCause && e.rootCause.length > 0) {
          line(`      Root cause: ${e.rootCause[0].logicalId} ${e.rootCause[0].status}: ${e.rootCause[0].reason ?? ''}`);
        }
        break;
      case 'destroy-plan':
        line(`Teardown of ${e.plan.deployment} in ${e.plan.region}: ${e.plan.steps.length} steps`);
        for (const s of e.plan.steps) line(`  ${s.id.padEnd(24)} ${describeStep(s)}`);
        break;
      case 'destroy-finished':
        line(
          e.stoppedForConfirmation
            ? 'Stopped: nothing more was deleted. Run again with --yes to delete (or answer yes at the prompt).'
            : e.changed === 0
              ? `Nothing to tear down: both stacks and the bus permission are gone (${e.unchanged} steps checked).`
              : `Done: ${e.changed} step(s) changed, ${e.unchanged} unchanged.`,
        );
        if (e.retained.length > 0) line(`Kept on purpose (${e.retained.length}):`);
        for (const r of e.retained) for (const l of describeRetained(r)) line(`  ${l}`);
        if (e.earlierLeftovers && !e.stoppedForConfirmation) line(e.earlierLeftovers);
        break;
      case 'pipeline-run':
        if (e.state === 'waiting-for-first-push') {
          line(`Pipeline ${e.pipeline} waits for the first push. Push the image with:`);
          for (const c of e.pushCommands ?? []) line(`  ${c}`);
          line(`Then watch it: ${e.url}`);
        } else if (e.execution) {
          line(`Pipeline ${e.pipeline}: execution ${e.execution.id}${e.execution.trigger ? ` (started by ${e.execution.trigger})` : ''} is ${e.execution.status}. Watch it: ${e.url}`);
        } else {
          line(`Pipeline ${e.pipeline} has not run yet: ${e.url}`);
        }
        break;
      case 'finished':
        line(
          e.stoppedForConfirmation
            ? 'Stopped: the changes above were shown but not applied. Run again with --yes to apply them (or answer yes at the prompt).'
            : e.changed === 0
              ? `No changes: the deployment is up to date (${e.unchanged} steps checked).`
              : `Done: ${e.changed} step(s) changed, ${e.unchanged} unchanged.`,
        );
        break;
    }
  };
}
