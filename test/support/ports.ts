/** Ports for the servers tests start: see scripts/lib/ports.ts for why none is picked by binding port 0 and closing. */
export { allocatePort, allocatePorts, isPortClash, portIsFree, retryOnPortClash } from '../../scripts/lib/ports.js';
