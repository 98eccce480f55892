// The few error classes kubehop raises. Messages are lowercase and say what failed and what to do;
// `code` is stable for programs, `cause` keeps the underlying error.

export type ErrorCode =
  | 'CONFIG'
  | 'CLUSTER_API'
  | 'NODE_COMMAND'
  | 'LOCKED'
  | 'INTERNAL';

abstract class KubehopError extends Error {
  abstract readonly code: ErrorCode;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input from the operator: a version, a file, a flag. Exit code 2. */
export class ConfigError extends KubehopError {
  readonly code = 'CONFIG' as const;
}

/** A call to the Kubernetes API failed. */
export class ClusterApiError extends KubehopError {
  readonly code = 'CLUSTER_API' as const;
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
  readonly retryAfterSeconds: number | undefined;
  isNotFound(): boolean {
    return this.status === 404;
  }
  isTooManyRequests(): boolean {
    return this.status === 429;
  }
  isConflict(): boolean {
    return this.status === 409;
  }
  isForbidden(): boolean {
    return this.status === 403;
  }
}

/** A command on a node failed, timed out or could not be started. */
export class NodeCommandError extends KubehopError {
  readonly code = 'NODE_COMMAND' as const;
  constructor(
    message: string,
    readonly details: {
      node: string;
      argv: readonly string[];
      exitCode: number | null;
      stdout: string;
      stderr: string;
      timedOut: boolean;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Another run holds the upgrade lock. */
export class LockedError extends KubehopError {
  readonly code = 'LOCKED' as const;
  constructor(
    message: string,
    readonly holder: string,
  ) {
    super(message);
  }
}

/** A broken invariant inside kubehop itself: a bug, never the operator's fault. */
export class InternalError extends KubehopError {
  readonly code = 'INTERNAL' as const;
}

export function isKubehopError(error: unknown): error is KubehopError {
  return error instanceof KubehopError;
}
