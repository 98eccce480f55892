import type { Finding } from '../core/findings.js';
import type { UpgradePlan } from '../core/planning/index.js';
import type { PreflightFinding } from '../core/preflight/index.js';
import type { UpgradeReport } from '../core/report/upgrade-report.js';
import type { RunStatus } from './simulation-report.js';

// What an apply tells its caller on the way and at the end, as plain data the report renders.

/** Something a real run would have done. */
export type DryRunAction =
  | { readonly kind: 'api'; readonly call: 'cordon' | 'uncordon' | 'evict' | 'delete'; readonly target: string }
  | { readonly kind: 'command'; readonly node: string; readonly argv: readonly string[]; readonly privileged: boolean }
  | { readonly kind: 'node'; readonly call: 'add' | 'remove' | 'adopt'; readonly node: string }
  | { readonly kind: 'wait'; readonly what: string };

/** What the run is about to work on, said before it asks or starts. */
export type ApplyNotice =
  | { readonly kind: 'resuming-despite-preflight'; readonly blocking: readonly PreflightFinding[] }
  /** A live resume goes on with the plan its run started with, kept beside the journal. */
  | { readonly kind: 'resuming-kept-plan'; readonly plan: UpgradePlan }
  | { readonly kind: 'simulated-target'; readonly cluster: string; readonly continuesFrom?: string }
  | { readonly kind: 'live-target'; readonly cluster: string; readonly server: string; readonly context: string };

export type ApplyOutcome =
  /** The cluster already breaks the skew policy: nothing was planned or changed. */
  | { readonly kind: 'skew-blocked'; readonly cluster: string; readonly blocking: readonly Finding[] }
  /** A simulated cluster that a run of this plan already brought to the end. */
  | { readonly kind: 'already-done'; readonly cluster: string; readonly planName: string; readonly to: string; readonly skippedNodes: readonly string[] }
  | { readonly kind: 'up-to-date'; readonly cluster: string; readonly to: string }
  /** Preflight found problems the operator did not accept: nothing was changed. */
  | { readonly kind: 'preflight-blocked'; readonly blocking: readonly PreflightFinding[] }
  /** Nobody to ask and no `yes`: nothing was changed. */
  | { readonly kind: 'unconfirmed'; readonly plan: UpgradePlan }
  | { readonly kind: 'declined' }
  | { readonly kind: 'dry-run'; readonly status: RunStatus; readonly actions: readonly DryRunAction[] }
  | {
      readonly kind: 'ran';
      readonly status: RunStatus;
      /** The run drawn for its report, when asked for. */
      readonly report?: UpgradeReport;
      readonly error?: string;
      readonly skippedNodes: readonly string[];
      /** Nodes this run cordoned that are still cordoned (read from its journal). */
      readonly leftCordoned: readonly string[];
      /** Why an interrupted run stopped: a signal's name or "closed output". */
      readonly stoppedBy?: string;
    };
