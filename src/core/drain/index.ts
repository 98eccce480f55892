export * from './pod-disposition.js';
export * from './drain-rules.js';
export * from './classify-pods.js';
export * from './pdbs-for-pod.js';
export * from './disruption-budget.js';
export * from './decide-eviction.js';
