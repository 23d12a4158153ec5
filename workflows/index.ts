/** The workflow bundle's entry: named re-exports of every workflow afbryd runs. */
export { smokeWorkflow } from './smoke/workflow.js';
export { caseWorkflow } from './case/workflow.js';
export { depositWorkflow } from './deposit/workflow.js';
export { ownerLiabilityWorkflow } from './owner-liability/workflow.js';
export { requestedDisconnectionWorkflow } from './requested-disconnection/workflow.js';
export { caseWorkflowV2 } from './case/v2/workflow.js';
