export { createSimulation, type SimTick, type Simulation, type SimulationOptions, type TickChange } from './create-simulation.js';
export { API_DOWN_MESSAGE } from './simulated-cluster-api.js';
export { MULTIPLE_PDBS_MESSAGE, PDB_REFUSAL_MESSAGE } from '../../core/drain/index.js';
export type { CommandFault, SimFaults } from './faults.js';
export type { PdbMetrics, PdbViolation, SimMetrics, WorkloadMetrics } from './sim-metrics.js';
export type { CommandLogEntry } from './simulated-node-shell.js';
export { formatEventLog, type SimLogEntry } from './sim-event-log.js';
export { VirtualClock, type ClockPacing } from './virtual-clock.js';
export { SeededRandom } from './seeded-random.js';
