export * from './cluster-snapshot.js';
export * from './cluster-queries.js';
export * from './cluster-document.js';
export * from './validate-cluster-document.js';
export * from './place-pods.js';
export * from './add-kubeadm-addons.js';
export * from './node-eligibility.js';
export { parseCpuQuantity, parseMemoryQuantity } from './parse-quantity.js';
