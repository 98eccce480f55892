// kubehop as a library: the use cases the commands run, each a plain async function taking a
// typed request and returning a typed result. Nothing here prints or exits.

export { applyUpgrade, type ApplyRequest } from './apply-upgrade.js';
export { checkCluster, type CheckRequest, type CheckResult } from './check-cluster.js';
export { type ClusterSource, type ClusterSourceRequest } from './cluster-source.js';
export { listReleases, type ReleasesRequest, type ReleasesResult } from './list-releases.js';
export { planClusterUpgrade, preflightUpgrade, type PlanRequest, type PlanResult } from './plan-cluster-upgrade.js';
export { defaultPlanOptions, type PlanOptions } from './plan-from-options.js';
export { simulateCluster, type SimulateRequest, type SimulateResult } from './simulate-cluster.js';
export type { ApplyNotice, ApplyOutcome, DryRunAction, EventSink, RunStatus, SimulationReport, UpgradeEvent } from '../ports/index.js';
export type { UpgradePlan, WorkerStrategy } from '../core/planning/index.js';
