/**
 * The floor's own workflow bundle: only the floor. With the reusable V8 context (the SDK's default)
 * every workflow instantiates the modules its bundle's entry imports, so a floor bundled beside
 * afbryd's workflows would pay for afbryd's modules on every start and replay; the floor phases use
 * this bundle unless `--floor-bundle shared` is given.
 */
export { floorWorkflow } from './floor-workflow.js';
