import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
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
   * Read the state and take its lock, never write a state file: for plans
   * and drift checks (pull requests). Writes are limited to the lock files
   * (`<key>.tflock`) and the lock table's lock items.
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
    if (!/^[A-Za-z0-9_.-]+\/$/.test(props.keyPrefix)) {
      throw new Error(
        `StateAccessRole ${id}: keyPrefix = "${props.keyPrefix}": must be one path segment ending in "/"`,
      );
    }
    if (props.trustedAccountIds.length === 0) {
      throw new Error(
        `StateAccessRole ${id}: trustedAccountIds = []: must name at least one account`,
      );
    }
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
 * The read-only variant: state files readable, lock files (`.tflock`) and
 * lock items (`<bucket>/<key>`, not the `-md5` digest items) writable, so a
 * plan still waits for a running apply instead of reading a state in flux.
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
      Sid: "LockFilesOfThisPrefix",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: `${props.bucketArn}/${props.keyPrefix}*.tflock`,
    },
    {
      // GenerateDataKey: the lock file is written with the state key too.
      Sid: "StateKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: props.kmsKeyArn,
    },
  ];
  if (props.lockTableArn !== undefined) {
    statements.push(
      {
        Sid: "ReadLockTable",
        Effect: "Allow",
        Action: ["dynamodb:DescribeTable", "dynamodb:GetItem"],
        Resource: props.lockTableArn,
      },
      {
        Sid: "LockItemsOfThisPrefix",
        Effect: "Allow",
        Action: ["dynamodb:PutItem", "dynamodb:DeleteItem"],
        Resource: props.lockTableArn,
        Condition: {
          "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [
              `${props.bucketName}/${props.keyPrefix}*.tfstate`,
            ],
          },
        },
      },
    );
  }
  return statements;
}
