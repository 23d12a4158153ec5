/** The benchmarks' workflow bundle: every afbryd workflow (workflows/index.ts) plus the floor. */
export * from '../workflows/index.js';
export { floorWorkflow } from './floor-workflow.js';
