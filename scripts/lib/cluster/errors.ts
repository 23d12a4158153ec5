/** A failure of `npm run cluster` that its message explains in full: printed as it is, no stack. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}
