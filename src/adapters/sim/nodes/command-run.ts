import type { TimeRange } from '../../../core/timing/index.js';
import type { RunOptions } from '../../../ports/index.js';
import type { SimContext } from '../sim-context.js';
import type { SimNode } from '../state/sim-model.js';

// One command running on a simulated node: its output so far, and virtual waits that end the
// command when its timeout passes (effects already set in motion still happen, as on a machine).

export interface CommandOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class CommandTimedOut extends Error {
  constructor() {
    super('the command timed out');
  }
}

export class CommandRun {
  private readonly out: string[] = [];
  private readonly err: string[] = [];

  constructor(
    readonly ctx: SimContext,
    readonly node: SimNode,
    readonly argv: readonly string[],
    readonly options: RunOptions,
    private readonly deadline: number,
  ) {}

  /** Lets `ms` of virtual time pass; throws CommandTimedOut at the deadline instead. */
  async wait(ms: number): Promise<void> {
    const now = this.ctx.clock.now();
    if (now + ms > this.deadline) {
      await this.ctx.clock.sleep(Math.max(0, this.deadline - now));
      throw new CommandTimedOut();
    }
    await this.ctx.clock.sleep(ms);
  }

  /** Waits a random time within the range. */
  async takes(range: TimeRange): Promise<void> {
    await this.wait(this.ctx.rng.durationIn(range));
  }

  print(line: string): void {
    this.out.push(line);
  }

  printError(line: string): void {
    this.err.push(line);
  }

  exit(exitCode: number): CommandOutcome {
    const text = (lines: string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    return { exitCode, stdout: text(this.out), stderr: text(this.err) };
  }

  /** Prints `message` on stderr and exits with `exitCode`. */
  fail(message: string, exitCode = 1): CommandOutcome {
    this.printError(message);
    return this.exit(exitCode);
  }

  /** Refuses what needs root when the command was not run privileged, as sudo-less tools do. */
  needsRoot(): CommandOutcome | undefined {
    if (this.options.privileged) return undefined;
    return this.fail(`${this.argv[0] ?? 'command'}: permission denied (are you root?)`, this.argv[0] === 'apt-get' ? 100 : 1);
  }
}
