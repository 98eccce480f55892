// Readers that ask a node about itself through any NodeShell (ssh on a live cluster, the
// simulator's shell in a simulation): they import only ports and core.
export { readNodeFacts, type ObservedNodeFacts, type ReadNodeFactsOptions, type KubePackage } from './read-node-facts.js';
export { readNodeConfig } from './read-node-config.js';
export { readNodeHealth } from './read-node-health.js';
export { applyNodeFacts } from './apply-node-facts.js';
