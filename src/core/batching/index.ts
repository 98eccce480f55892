export * from './place-evicted-pods.js';
export * from './choose-batches.js';
