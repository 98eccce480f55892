// Answers from the wrappers kubehop adds (sudo -n, timeout) that mean the command itself never
// ran: they become NodeCommandErrors that say what to change, instead of a bare exit code.

export interface RemoteAnswer {
  readonly exitCode: number | null;
  readonly stderr: string;
}

export interface WrapperUse {
  readonly node: string;
  readonly user: string;
  readonly sudo: boolean;
  readonly timeout: boolean;
}

/** The reason the command never ran, or undefined when it did (whatever its exit code). */
export function explainRemoteFailure(answer: RemoteAnswer, use: WrapperUse): string | undefined {
  const { stderr, exitCode } = answer;
  if (use.sudo && exitCode === 1 && /^sudo: (a password is required|a terminal is required)/m.test(stderr)) {
    return `user ${use.user} on node ${use.node} cannot run sudo without a password: allow passwordless sudo for kubehop's commands or connect as root`;
  }
  if (use.sudo && exitCode === 1 && /^sudo: .*(is not in the sudoers file|is not allowed to execute|may not run sudo)/m.test(stderr)) {
    return `user ${use.user} on node ${use.node} may not run sudo: allow passwordless sudo for kubehop's commands or connect as root`;
  }
  if (use.sudo && exitCode === 127 && /(^|: )sudo: (command )?not found|failed to run command .sudo.: No such file/m.test(stderr)) {
    return `sudo is not installed on node ${use.node}: install it and allow user ${use.user} passwordless sudo, or connect as root`;
  }
  const noTimeout = exitCode === 127 && /(^|: )timeout: (command )?not found/m.test(stderr);
  if (use.timeout && noTimeout) {
    return `node ${use.node} has no timeout command (GNU coreutils), which kubehop uses to stop commands that overrun: install coreutils`;
  }
  return undefined;
}
