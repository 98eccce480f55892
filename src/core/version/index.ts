export * from './kube-version.js';
export * from './package-version.js';
