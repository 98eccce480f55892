import type { UpgradePlan } from '../core/planning/index.js';
import type { EngineContext } from './engine-context.js';
import type { HealthGates } from './health-gates.js';
import type { JournalState } from './journal-state.js';
import type { ResolvedOptions } from './upgrade-options.js';
import type { NodeProvisioner } from '../ports/index.js';

/** Everything the step runners share during one run. */
export interface RunContext {
  readonly ctx: EngineContext;
  readonly plan: UpgradePlan;
  readonly journal: JournalState;
  readonly gates: HealthGates;
  readonly options: ResolvedOptions;
  readonly provisioner?: NodeProvisioner;
  /** Steps found done and not carried out again, in order. */
  readonly skippedSteps: string[];
}
