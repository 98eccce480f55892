export * from './timing-model.js';
