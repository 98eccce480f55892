import { NodeCommandError } from '../../../core/errors.js';
import type { CommandResult, NodeShell, RunOptions } from '../../../ports/index.js';
import { CommandRun, CommandTimedOut, type CommandOutcome } from './command-run.js';
import { runEtcdctl } from './etcdctl-commands.js';
import { runMkdir, runMv, runTest } from './file-commands.js';
import { runKubeadm } from './kubeadm-commands.js';
import { runAptGet, runAptMark, runPackageQuery, runYum } from './package-commands.js';
import { runCat, runCurl, runDf, runLs, runStat, runUname } from './host-commands.js';
import { runSed } from './repository-file.js';
import type { SimContext } from '../sim-context.js';
import { runKubectl, runJournalctl, runKubelet, runSystemctl } from './system-commands.js';

// The node side of an upgrade: understands the commands the plans send (the package managers,
// the repository edit, kubeadm, systemctl) and changes the simulated node as the real ones do,
// in realistic virtual time, and the read-only ones the node readers send (cat, df, curl,
// kubeadm certs). Anything else is "command not found". Every run is logged.

export interface CommandLogEntry {
  readonly node: string;
  readonly argv: readonly string[];
  /** Milliseconds since the simulation started. */
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
}

type Handler = (run: CommandRun) => Promise<CommandOutcome>;

export class SimulatedNodeShell implements NodeShell {
  private readonly entries: CommandLogEntry[] = [];
  private readonly start: number;

  constructor(private readonly ctx: SimContext) {
    this.start = ctx.clock.now();
  }

  commandLog(): readonly CommandLogEntry[] {
    return this.entries;
  }

  async run(node: string, argv: readonly string[], options: RunOptions): Promise<CommandResult> {
    const simNode = this.ctx.state.nodes.get(node);
    if (!simNode) {
      throw new NodeCommandError(`failed to run ${argv[0] ?? 'a command'} on node ${node}: no such node in the simulated cluster`, {
        node,
        argv,
        exitCode: null,
        stdout: '',
        stderr: '',
        timedOut: false,
      });
    }
    // An argv that carries its own sudo runs privileged, as it would over SSH; env VAR=value
    // prefixes only set the environment.
    let words = argv;
    let privileged = options.privileged;
    if (words[0] === 'sudo') {
      words = words.slice(words[1] === '-n' ? 2 : 1);
      privileged = true;
    }
    if (words[0] === 'env') {
      words = words.slice(1);
      while (words[0] !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words = words.slice(1);
    }
    const started = this.ctx.clock.now();
    const run = new CommandRun(this.ctx, simNode, words, { ...options, privileged }, started + options.timeoutMs);
    let outcome: CommandOutcome | undefined;
    let timedOut = false;
    try {
      const failure = this.ctx.faults.commandFailure(node, words);
      if (failure) {
        await run.takes({ min: 0.5, max: 2 });
        outcome = { exitCode: failure.exitCode, stdout: '', stderr: failure.stderr };
      } else {
        outcome = await handlerFor(words[0])(run);
      }
    } catch (error) {
      if (!(error instanceof CommandTimedOut)) throw error;
      timedOut = true;
    }
    const finished = this.ctx.clock.now();
    const exitCode = outcome ? outcome.exitCode : null;
    this.entries.push({ node, argv: [...argv], startedAt: started - this.start, finishedAt: finished - this.start, exitCode, timedOut });
    this.ctx.log.add('command', node, `${argv.join(' ')} -> ${timedOut ? 'timed out' : `exit ${exitCode}`}`);
    const partial = run.exit(0);
    return {
      exitCode,
      stdout: outcome?.stdout ?? partial.stdout,
      stderr: outcome?.stderr ?? partial.stderr,
      timedOut,
      durationMs: finished - started,
    };
  }
}

function handlerFor(command: string | undefined): Handler {
  switch (command) {
    case 'apt-get':
      return onlyWith('apt', runAptGet);
    case 'apt-mark':
      return onlyWith('apt', runAptMark);
    case 'yum':
      return onlyWith('rpm', runYum);
    case 'dnf':
      return onlyWith('dnf', runYum);
    case 'dpkg-query':
      return onlyWith('apt', runPackageQuery);
    case 'rpm':
      return onlyWith('rpm', runPackageQuery);
    case 'sed':
      return runSed;
    case 'cat':
      return runCat;
    case 'df':
      return runDf;
    case 'ls':
      return runLs;
    case 'stat':
      return runStat;
    case 'curl':
      return runCurl;
    case 'uname':
      return runUname;
    case 'kubeadm':
      return runKubeadm;
    case 'systemctl':
      return runSystemctl;
    case 'kubelet':
      return runKubelet;
    case 'journalctl':
      return runJournalctl;
    case 'kubectl':
      return runKubectl;
    case 'mkdir':
      return runMkdir;
    case 'mv':
      return runMv;
    case 'test':
      return runTest;
    case 'etcdctl':
      return runEtcdctl;
    default:
      return async (run) => run.fail(`${command ?? ''}: command not found`, 127);
  }
}

/** apt tools exist on Debian nodes; yum on every RHEL node; dnf only where it is the package manager. */
function onlyWith(family: 'apt' | 'rpm' | 'dnf', handler: Handler): Handler {
  return async (run) => {
    const manager = run.node.os.packageManager;
    const present = family === 'apt' ? manager === 'apt' : family === 'rpm' ? manager !== 'apt' : manager === 'dnf';
    return present ? handler(run) : run.fail(`${run.argv[0] ?? ''}: command not found`, 127);
  };
}
