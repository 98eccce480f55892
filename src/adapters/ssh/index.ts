export { SshNodeShell, type SshNodeShellOptions } from './ssh-node-shell.js';
export { validateSshHostFlag, type SshHostFlagResult, type SshHostOverride } from './validate-ssh-host-flag.js';
export { nodeAddresses } from './node-addresses.js';
export { readNodeFacts, type ObservedNodeFacts, type ReadNodeFactsOptions, type KubePackage } from './read-node-facts.js';
export { applyNodeFacts } from './apply-node-facts.js';
export type { SshEndpoint, SshTarget } from './resolve-ssh-target.js';
export type { ConfiguredRepository } from './parse-repository-file.js';
