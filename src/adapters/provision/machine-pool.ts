import type { NodeSnapshot } from '../../core/cluster/index.js';
import { NodeCommandError } from '../../core/errors.js';
import { formatVersion } from '../../core/version/index.js';
import type { NewWorkerRequest } from '../../ports/index.js';
import { runCommandHook, type CommandHook } from './command-hook.js';
import { validateProvisionAnswer, type Machine } from './validate-provision-answer.js';

export interface MachinePoolOptions {
  readonly cluster: string;
  /** Free machines to start with (--spare-host), used in order. */
  readonly spares: readonly Machine[];
  /** Creates a machine when no spare is free (--provision-command). */
  readonly provision?: CommandHook;
  /** Destroys a freed machine (--decommission-command); without it, freed machines become spares. */
  readonly decommission?: CommandHook;
}

/** The document a provision hook reads on stdin. */
export interface ProvisionRequestDocument {
  readonly apiVersion: 'kubehop.provision/v1';
  readonly action: 'provision';
  readonly cluster: string;
  readonly batch: string;
  readonly version: string;
  readonly template: Pick<NodeSnapshot, 'name' | 'os' | 'allocatable' | 'labels' | 'taints'> & { readonly address?: string };
  /** Present when a run resumes: the machine named earlier never joined; answer with it again if it still exists. */
  readonly node?: string;
}

/** The document a decommission hook reads on stdin. */
export interface DecommissionRequestDocument {
  readonly apiVersion: 'kubehop.provision/v1';
  readonly action: 'decommission';
  readonly cluster: string;
  readonly node: string;
  readonly address?: string;
}

/**
 * Where new workers' machines come from and where freed ones go: spare hosts first, then the
 * provision hook. A freed machine (its node deleted and the host reset) becomes the next spare,
 * so one spare upgrades a whole pool, unless a decommission hook takes it away.
 */
/**
 * The spare hosts that are free: one that is a node already (it joined before a run was
 * interrupted) is not. Freed machines a crash forgot can be given again as spares.
 */
export function freeSpares(spares: readonly Machine[], nodes: readonly string[]): Machine[] {
  const taken = new Set(nodes);
  return spares.filter((m) => !taken.has(m.name));
}

export class MachinePool {
  private readonly free: Machine[];

  constructor(private readonly options: MachinePoolOptions) {
    this.free = [...options.spares];
  }

  /** Names of the machines free now, in the order they will be used. */
  get spares(): readonly string[] {
    return this.free.map((m) => m.name);
  }

  /** A machine for `request`: the one it names (a resumed run), the next spare, or a new one from the hook. */
  async acquire(request: NewWorkerRequest): Promise<Machine> {
    const wanted = request.name;
    // Taken before any await: concurrent requests of one batch never get the same spare.
    const busy = new Set(request.busy ?? []);
    const index = wanted === undefined ? this.free.findIndex((m) => !busy.has(m.name)) : this.free.findIndex((m) => m.name === wanted);
    if (index >= 0) return this.free.splice(index, 1)[0] as Machine;
    if (!this.options.provision) {
      throw new NodeCommandError(
        wanted === undefined
          ? `failed to find a machine for a new worker like ${request.template.name}: no spare host is free — give one more with --spare-host NAME=ADDRESS, or a --provision-command`
          : `failed to find machine ${wanted}, recorded for the worker that replaces ${request.template.name}: it is not among the spare hosts — give it again with --spare-host ${wanted}=ADDRESS`,
        { node: wanted ?? request.template.name, argv: [], exitCode: null, stdout: '', stderr: '', timedOut: false },
      );
    }
    const document: ProvisionRequestDocument = {
      apiVersion: 'kubehop.provision/v1',
      action: 'provision',
      cluster: this.options.cluster,
      batch: request.batch,
      version: formatVersion(request.version),
      template: {
        name: request.template.name,
        os: request.template.os,
        allocatable: request.template.allocatable,
        labels: request.template.labels,
        taints: request.template.taints,
        ...(request.template.address ? { address: request.template.address } : {}),
      },
      ...(wanted !== undefined ? { node: wanted } : {}),
    };
    const what = `provision a machine for a new worker like ${request.template.name}`;
    const stdout = await runCommandHook(what, this.options.provision, document);
    const answer = validateProvisionAnswer(stdout.trim());
    if (!answer.ok) {
      throw new NodeCommandError(`failed to ${what}: the provision command's answer is not usable: ${answer.error}`, { node: 'localhost', argv: this.options.provision.argv, exitCode: 0, stdout, stderr: '', timedOut: false });
    }
    return answer.value;
  }

  /** Takes back a machine whose node is deleted and host reset: to the decommission hook, or as the next spare. */
  async release(machine: Machine): Promise<void> {
    if (!this.options.decommission) {
      // A resumed run may free a machine it was also given as a spare again.
      if (!this.free.some((m) => m.name === machine.name)) this.free.push(machine);
      return;
    }
    const document: DecommissionRequestDocument = {
      apiVersion: 'kubehop.provision/v1',
      action: 'decommission',
      cluster: this.options.cluster,
      node: machine.name,
      ...(machine.host !== undefined ? { address: machine.host } : {}),
    };
    await runCommandHook(`decommission the machine of ${machine.name}`, this.options.decommission, document);
  }
}
