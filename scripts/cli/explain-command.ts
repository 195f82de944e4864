/**
 * `xacct explain --config F "<message>" [--json] [--dir DIR]`: reads an access-denied message and says
 * what it means for this deployment, offline. Exit 0 when the message is about the deployment, 1 when
 * it is understood but about something else, 2 for an unreadable message or a bad config.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../config/load-config';
import { EXIT, usageError, type ExitCode } from '../errors';
import { deploymentView } from '../explain/deployment-view';
import { explainMessage } from '../explain/explain';
import { renderExplanation } from '../explain/render';
import { builtInTemplates, templatesIn } from '../explain/templates';
import type { Io } from './io';

export interface ExplainCommandOptions {
  config: string;
  message: string;
  json: boolean;
  /** A folder of generated templates to hold the message against instead of xacct's own. */
  dir?: string;
  version: string;
}

const HINT =
  'Paste the whole message, e.g. "User: arn:aws:sts::111122223333:assumed-role/NAME/SESSION is not authorized to perform: s3:PutObject on resource: ..." (quote it), or pass - to read it from stdin.';

async function messageText(options: ExplainCommandOptions, io: Io): Promise<string> {
  if (options.message !== '-') return options.message;
  if (!io.readStdin) throw usageError('no-stdin', `explain - reads the message from stdin, which is not available here. ${HINT}`);
  return io.readStdin();
}

export async function runExplain(options: ExplainCommandOptions, io: Io): Promise<ExitCode> {
  const config = loadConfig(resolve(options.config));
  const text = await messageText(options, io);
  const reference = builtInTemplates(options.version);
  const evaluated = options.dir ? templatesIn(resolve(options.dir), options.dir) : reference;
  const view = deploymentView(config, options.config, evaluated);
  const explanation = explainMessage(text, view, { books: { evaluated: evaluated.templates, reference: reference.templates } });
  if (!explanation) {
    // One line, and no more of the input than a short prefix: a pasted log may hold anything.
    const prefix = text.replace(/\s+/g, ' ').trim();
    const shown = prefix ? `"${prefix.slice(0, 32)}${prefix.length > 32 ? '…' : ''}"` : '(empty)';
    throw usageError('unreadable-message', `not an access-denied message xacct can read (no "is not authorized to perform", no "Access Denied", no CodePipeline, ECS or EventBridge error): ${shown}. ${HINT}`);
  }
  io.out(options.json ? JSON.stringify(explanation) + '\n' : renderExplanation(explanation));
  return explanation.about === 'deployment' ? EXIT.ok : EXIT.findings;
}
