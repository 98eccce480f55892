export * from './timing-model.js';
export * from './forecast-step.js';
export * from './forecast-plan.js';
export * from './step-times.js';
