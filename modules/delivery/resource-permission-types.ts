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
  /**
   * A global service (Route 53): its requests go to us-east-1
   * ({@link GLOBAL_REQUEST_REGION}), which its statements' region condition
   * names instead of the environment's regions.
   * @default false
   */
  readonly global?: boolean;
}

/** The region requests of a global service are made in (`aws:RequestedRegion`). */
export const GLOBAL_REQUEST_REGION = "us-east-1";
