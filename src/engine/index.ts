export * from './run-upgrade.js';
export * from './upgrade-options.js';
export * from './health-gates.js';
export * from './plan-id.js';
export * from './dry-run.js';
export * from './drain/drain-options.js';
export * from './drain/drain-node.js';
export type { EngineContext, EventDraft } from './engine-context.js';
