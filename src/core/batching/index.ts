export * from './place-evicted-pods.js';
export * from './drain-forecast.js';
export * from './choose-batches.js';
