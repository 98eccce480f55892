// The cluster file (docs/cluster-file.md): its shape as types and the validator that turns a
// parsed document into the ClusterSnapshot of src/core/cluster, filling in documented defaults.
export * from './cluster-document.js';
export * from './validate-cluster-document.js';
export type { NodeFactsEntry } from './validate-node-facts.js';
export type { CertificatesEntry } from './validate-certificate-entries.js';
export type { WebhookEntry } from './validate-webhook-entries.js';
export type { ObservedObjectEntry } from './validate-object-entries.js';
export * from './validate-config-facts.js';
