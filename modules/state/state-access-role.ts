import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { PropChecks, throwOnBadProp } from "../core/prop-checks";
import {
  accountRoot,
  policyDocument,
  PolicyStatement,
  trustPolicy,
} from "../security/policy";

/** Properties of a {@link StateAccessRole}. */
export interface StateAccessRoleProps {
  /** Name of the role (in the state account). */
  readonly roleName: string;
  /** Accounts whose IAM principals may assume the role (their own IAM decides which). */
  readonly trustedAccountIds: readonly string[];
  /** Name of the state bucket. */
  readonly bucketName: string;
  /** ARN of the state bucket. */
  readonly bucketArn: string;
  /** Key prefix the role may read and write, ending in `/`, e.g. `production/`. */
  readonly keyPrefix: string;
  /** ARN of the KMS key that encrypts the state. */
  readonly kmsKeyArn: string;
  /**
   * ARN of the DynamoDB lock table.
   * @default - no table permissions (S3 lock files only)
   */
  readonly lockTableArn?: string;
  /**
   * Read the state, never write a state file, a lock file or a lock item:
   * for plans and drift checks (pull requests), which run without a lock.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * The role a Terraform S3 backend assumes to reach its state in another
 * account: it reads and writes the state files (and their `.tflock` lock
 * files) under one key prefix only, uses the state KMS key, and locks only
 * those files' items in the lock table. Permissions follow
 * https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required
 */
export class StateAccessRole extends Construct {
  public readonly role: IamRole;
  /** ARN of the role, for the backend's `assume_role.role_arn`. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: StateAccessRoleProps) {
    super(scope, id);
    const checks = new PropChecks(throwOnBadProp(`StateAccessRole ${id}`));
    checks.matches(
      "keyPrefix",
      props.keyPrefix,
      /^[A-Za-z0-9_.-]+\/$/,
      'must be one path segment ending in "/"',
    );
    checks.check(
      "trustedAccountIds",
      props.trustedAccountIds,
      (ids) => ids.length > 0,
      "must name at least one account",
    );
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      description: `${props.readOnly ? "Read-only (plans): " : ""}Terraform state under s3://${props.bucketName}/${props.keyPrefix}`,
      assumeRolePolicy: trustPolicy({
        AWS: [...props.trustedAccountIds].sort().map(accountRoot),
      }),
    });
    const statements: PolicyStatement[] = props.readOnly
      ? readOnlyStatements(props)
      : [
          {
            Sid: "ListStateBucket",
            Effect: "Allow",
            Action: "s3:ListBucket",
            Resource: props.bucketArn,
          },
          {
            // Delete: the S3 lock file (`<key>.tflock`) is removed when the lock is released.
            Sid: "StateFilesOfThisPrefix",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: `${props.bucketArn}/${props.keyPrefix}*`,
          },
          {
            Sid: "StateKey",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
            Resource: props.kmsKeyArn,
          },
        ];
    if (props.lockTableArn !== undefined && !props.readOnly) {
      statements.push(
        {
          Sid: "DescribeLockTable",
          Effect: "Allow",
          Action: "dynamodb:DescribeTable",
          Resource: props.lockTableArn,
        },
        {
          // Lock items are keyed `<bucket>/<state key>` (and `...-md5`).
          Sid: "LockItemsOfThisPrefix",
          Effect: "Allow",
          Action: [
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:DeleteItem",
          ],
          Resource: props.lockTableArn,
          Condition: {
            "ForAllValues:StringLike": {
              "dynamodb:LeadingKeys": [
                `${props.bucketName}/${props.keyPrefix}*`,
              ],
            },
          },
        },
      );
    }
    new IamRolePolicy(this, "policy", {
      name: "terraform-state",
      role: this.role.id,
      policy: policyDocument(statements),
    });
    this.roleArn = this.role.arn;
  }
}

/**
 * The read-only variant: state files and lock items readable, nothing
 * writable — no state file, no lock file (`.tflock`), no lock item. Plans
 * with this role run with `-lock=false` (the read-only backend config turns
 * locking off), so a pull request can neither plant nor break the lock of a
 * running apply; such a plan may read a state in flux, which costs a wrong
 * plan summary at worst, never a write (docs/access.md).
 */
function readOnlyStatements(props: StateAccessRoleProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: "ListStateBucket",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: props.bucketArn,
    },
    {
      Sid: "ReadStateFilesOfThisPrefix",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `${props.bucketArn}/${props.keyPrefix}*`,
    },
    {
      Sid: "StateKey",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: props.kmsKeyArn,
    },
  ];
  if (props.lockTableArn !== undefined) {
    statements.push({
      Sid: "ReadLockTable",
      Effect: "Allow",
      Action: ["dynamodb:DescribeTable", "dynamodb:GetItem"],
      Resource: props.lockTableArn,
    });
  }
  return statements;
}
