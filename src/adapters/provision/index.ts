export * from './command-hook.js';
export * from './kubeadm-join-provisioner.js';
export * from './machine-pool.js';
export * from './read-spare-hosts.js';
export * from './validate-provision-answer.js';
