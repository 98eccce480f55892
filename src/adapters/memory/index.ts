export * from './memory-cluster.js';
export * from './memory-event-sink.js';
export * from './memory-journal.js';
export * from './memory-lock.js';
export * from './memory-node-shell.js';
export * from './memory-pdb-status.js';
export * from './record-calls.js';
export * from './virtual-clock.js';
