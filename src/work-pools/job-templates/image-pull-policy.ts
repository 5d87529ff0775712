/**
 * When a worker pulls the flow run's container image.
 */
export enum ImagePullPolicy {
  /** Pull only when the image is not on the host yet. */
  IF_NOT_PRESENT = 'IfNotPresent',
  /** Pull before every flow run. */
  ALWAYS = 'Always',
  /** Never pull: the image must already be on the host. */
  NEVER = 'Never',
  /** Try to pull, and fall back to a local image (Docker workers only). */
  IF_POSSIBLE = 'IfPossible',
}
