export type * from './cluster-api.js';
export type * from './clock.js';
export type * from './event-sink.js';
export type * from './journal.js';
export type * from './lock.js';
export type * from './node-provisioner.js';
export type * from './node-shell.js';
export type * from './simulation-report.js';
