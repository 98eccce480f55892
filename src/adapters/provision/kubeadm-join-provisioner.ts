import { createHash, randomInt } from 'node:crypto';
import type { NodeSnapshot } from '../../core/cluster/index.js';
import { NodeCommandError } from '../../core/errors.js';
import {
  copyNodeMarksCommands,
  createChosenJoinTokenCommand,
  deleteJoinTokenCommand,
  deleteNodeCommands,
  joinNodeCommands,
  JOIN_TOKEN_TTL,
  joinedHostProbe,
  kubeadmJoinCommand,
  nodeRegisteredProbe,
  parseJoinCommand,
  prepareHostCommands,
  redactTokens,
  resetHostCommands,
  undoJoinCommand,
  type JoinCredentials,
} from '../../core/planning/index.js';
import type { Clock, CommandResult, NewWorkerRequest, NodeProvisioner, NodeShell } from '../../ports/index.js';
import type { MachinePool } from './machine-pool.js';
import type { Machine } from './validate-provision-answer.js';

export interface KubeadmJoinProvisionerOptions {
  /** Reaches cluster nodes by name, and new machines once `reach` has told it where they are. */
  readonly shell: NodeShell;
  readonly machines: MachinePool;
  /** Tells the shell where a new machine is (a spare's or a hook's address); a no-op for known names. */
  readonly reach: (machine: Machine) => void;
  /** The first control-plane node: join tokens are made there and kubectl runs there with admin.conf. */
  readonly controlPlane: string;
  readonly clock: Clock;
  /** Per command on a node (package installs and joins take a while). */
  readonly commandTimeoutMs: number;
  readonly tokenTtl?: string;
  /** The secret half of each join token; random unless a test fixes it. */
  readonly tokenSecret?: () => string;
  /** How often and how long to retry kubectl on a node object a join has only just registered. */
  readonly registerRetries?: number;
  readonly registerRetryMs?: number;
}

const ADMIN_KUBECONFIG = '/etc/kubernetes/admin.conf';

/**
 * New workers by `kubeadm join` on machines reached over SSH: a spare host or one a hook made is
 * prepared for the version, joined with a bootstrap token made for it alone (deleted again right
 * after), and given the old worker's labels and taints; an old worker's node object is deleted,
 * its host reset and handed back to the pool. The token is never logged, stored or put in an
 * error message.
 */
export class KubeadmJoinProvisioner implements NodeProvisioner {
  constructor(private readonly options: KubeadmJoinProvisionerOptions) {}

  async addWorker(request: NewWorkerRequest, named: (name: string) => Promise<void>): Promise<string> {
    const machine = await this.options.machines.acquire(request);
    this.options.reach(machine);
    await named(machine.name);
    const name = machine.name;
    const resumed = request.name !== undefined;
    if (resumed && (await this.joinedBefore(name))) {
      await this.adoptWorker(name, request.template);
      return name;
    }
    await this.runAll(name, prepareHostCommands(request.template, request.version), `prepare machine ${name} for kubelet`);
    const credentials = await this.createJoinToken(name);
    try {
      // A resumed join resets the host before deleting the node object it left, so the join's own reset would be a second one.
      if (resumed) await this.undoHalfJoin(name);
      const commands = resumed ? [kubeadmJoinCommand(name, credentials)] : joinNodeCommands(name, credentials);
      await this.runAll(name, commands, `join machine ${name} to the cluster`);
    } finally {
      // The token served this one join: it goes at once instead of living out its TTL.
      await this.deleteJoinToken(joinTokenId(name));
    }
    await this.markWorker(name, request.template);
    return name;
  }

  /**
   * Whether an interrupted attempt's join on `name` went through: the kubelet was started with its
   * kubeconfig and its node registers (seen on a real cluster: a run killed during `kubeadm join`
   * left a kubelet that registered a few seconds after the resumed run had looked for the node;
   * joining again was refused because the node existed).
   */
  private async joinedBefore(name: string): Promise<boolean> {
    const probe = await this.run(name, joinedHostProbe(), `look for an earlier join on machine ${name}`);
    if (probe.exitCode !== 0) return false;
    try {
      await this.kubectlOnRegisteredNode(nodeRegisteredProbe(name), `find node ${name}`);
      return true;
    } catch (error) {
      if (error instanceof NodeCommandError && /not ?found/i.test(error.details.stderr)) return false;
      throw error;
    }
  }

  /**
   * A join cut short may have registered a node object that no kubelet serves once the machine is
   * reset; `kubeadm join` refuses a name that exists, so the stale object goes first. The name is
   * this run's own replacement (the journal recorded it before the first join).
   */
  private async undoHalfJoin(name: string): Promise<void> {
    await this.runAll(name, [undoJoinCommand()], `undo the interrupted join on machine ${name}`);
    for (const argv of deleteNodeCommands(name)) await this.kubectl(argv, `delete the node object the interrupted join of ${name} left`);
  }

  async adoptWorker(name: string, template: NodeSnapshot): Promise<void> {
    // The killed attempt's token outlived the join it served; nobody kept its secret, its id is fixed.
    await this.deleteJoinToken(joinTokenId(name));
    await this.markWorker(name, template);
  }

  private async markWorker(name: string, template: NodeSnapshot): Promise<void> {
    for (const argv of copyNodeMarksCommands(template, name)) await this.kubectlOnRegisteredNode(argv, `give node ${name} the labels and taints of ${template.name}`);
  }

  async removeWorker(name: string, like: NodeSnapshot): Promise<void> {
    for (const argv of deleteNodeCommands(name)) await this.kubectl(argv, `delete node ${name}`);
    await this.runAll(name, resetHostCommands(like), `reset the machine of node ${name}`);
    await this.options.machines.release({ name });
  }

  /**
   * A token for this machine's join alone, under an id fixed per machine: a token an earlier,
   * killed attempt made for it (its secret lost with the process) is deleted first, so none
   * lives out its TTL.
   */
  private async createJoinToken(machine: string): Promise<JoinCredentials> {
    const what = `create a join token for machine ${machine} on ${this.options.controlPlane}`;
    const id = joinTokenId(machine);
    await this.deleteJoinToken(id);
    const argv = createChosenJoinTokenCommand(`${id}.${(this.options.tokenSecret ?? randomTokenSecret)()}`, this.options.tokenTtl ?? JOIN_TOKEN_TTL);
    const result = await this.run(this.options.controlPlane, argv, what);
    const parsed = parseJoinCommand(result.stdout);
    if (!parsed.ok) throw this.failure(this.options.controlPlane, argv, result, `failed to ${what}: ${parsed.error}`);
    return parsed.value;
  }

  /** Deletes a bootstrap token if it exists; a missing one is what most calls find. */
  private async deleteJoinToken(id: string): Promise<void> {
    await this.run(this.options.controlPlane, deleteJoinTokenCommand(id), 'delete the join token').catch(() => undefined);
  }

  /**
   * A kubectl command as root on the first control-plane node, with kubeadm's admin kubeconfig:
   * the API the operator's kubeconfig reaches, without a second client for labels, taints and
   * node deletes.
   */
  private async kubectl(argv: readonly string[], what: string): Promise<CommandResult> {
    const full = ['kubectl', '--kubeconfig', ADMIN_KUBECONFIG, ...argv.slice(1)];
    const result = await this.run(this.options.controlPlane, full, what);
    if (result.exitCode !== 0) throw this.failure(this.options.controlPlane, full, result, `failed to ${what}`);
    return result;
  }

  /** A node object appears a moment after its join: a "not found" is waited out, briefly. */
  private async kubectlOnRegisteredNode(argv: readonly string[], what: string): Promise<void> {
    const retries = this.options.registerRetries ?? 12;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.kubectl(argv, what);
        return;
      } catch (error) {
        const notFound = error instanceof NodeCommandError && /not ?found/i.test(error.details.stderr);
        if (!notFound || attempt >= retries) throw error;
        await this.options.clock.sleep(this.options.registerRetryMs ?? 5_000);
      }
    }
  }

  private async runAll(node: string, commands: readonly (readonly string[])[], what: string): Promise<void> {
    for (const argv of commands) {
      const result = await this.run(node, argv, what);
      if (result.exitCode !== 0) throw this.failure(node, argv, result, `failed to ${what}`);
    }
  }

  private async run(node: string, argv: readonly string[], what: string): Promise<CommandResult> {
    try {
      return await this.options.shell.run(node, argv, { privileged: true, timeoutMs: this.options.commandTimeoutMs });
    } catch (error) {
      if (error instanceof NodeCommandError) throw new NodeCommandError(`failed to ${what}: ${redactTokens(error.message)}`, { ...error.details, argv: redactArgv(argv), stdout: redactTokens(error.details.stdout), stderr: redactTokens(error.details.stderr) });
      throw error;
    }
  }

  /** What failed, how, and the last of its stderr, with every token taken out. */
  private failure(node: string, argv: readonly string[], result: CommandResult, message: string): NodeCommandError {
    const shown = redactArgv(argv);
    const stderr = redactTokens(result.stderr).trim().split('\n').slice(-3).join(' / ');
    const how = result.timedOut ? `timed out after ${Math.round(this.options.commandTimeoutMs / 1000)}s` : `exited ${result.exitCode ?? 'on a signal'}`;
    return new NodeCommandError(`${message}: ${shown.join(' ')} ${how} on ${node}${stderr ? `: ${stderr}` : ''}`, {
      node,
      argv: shown,
      exitCode: result.exitCode,
      stdout: redactTokens(result.stdout),
      stderr: redactTokens(result.stderr),
      timedOut: result.timedOut,
    });
  }
}

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The public id of the join token for `machine` (kubeadm's [a-z0-9]{6}), the same in every process. */
export function joinTokenId(machine: string): string {
  const digest = createHash('sha256').update(`kubehop join token for ${machine}`).digest();
  return [...digest.subarray(0, 6)].map((byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join('');
}

/** kubeadm's secret half: 16 of [a-z0-9], uniformly random. */
function randomTokenSecret(): string {
  return Array.from({ length: 16 }, () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)]).join('');
}

function redactArgv(argv: readonly string[]): string[] {
  return argv.map(redactTokens);
}
