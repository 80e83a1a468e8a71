/** The permissions of one resource type. */
export interface ResourcePermissions {
  /** Create, update, tag and delete. */
  readonly deploy: readonly string[];
  /** What a refresh reads (no secret values, no object contents). */
  readonly read: readonly string[];
  /**
   * ARN patterns the write actions are limited to.
   * @default - `*` (generated ids)
   */
  readonly arns?: readonly string[];
  /**
   * Writes that only an environment that may be destroyed gets (stopping
   * or deleting audit logging).
   * @default - none
   */
  readonly destroyOnly?: readonly string[];
}
