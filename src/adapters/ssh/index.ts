export { SshNodeShell, type SshNodeShellOptions } from './ssh-node-shell.js';
export { validateSshHostFlag, type SshHostFlagResult, type SshHostOverride } from './validate-ssh-host-flag.js';
export { nodeAddresses } from './node-addresses.js';
export type { SshEndpoint, SshTarget } from './resolve-ssh-target.js';
