export * from './check-kubeadm-rules.js';
export * from './check-skew.js';
export * from './check-version-skew.js';
export * from './skew-eras.js';
export * from './version-state.js';
export * from './kubeadm-transient-skew.js';
