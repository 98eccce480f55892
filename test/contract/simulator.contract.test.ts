import { createSimulation } from '../../src/adapters/sim/index.js';
import { clusterApiContract } from './cluster-api.contract.js';

// The ClusterApi contract on the simulator: virtual time passes only when the contract lets it.

clusterApiContract('simulator', async (seed) => {
  const sim = createSimulation(seed, { seed: 7 });
  return { api: sim.api, now: () => sim.clock.now(), pass: (ms) => sim.advance(ms) };
});
