import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { policyDocument, PolicyStatement } from "../security/policy";

/** Properties of a {@link DatabaseConnectPolicy}. */
export interface DatabaseConnectPolicyProps {
  /** Name (or id) of the role that connects: a task role. */
  readonly role: string;
  /**
   * The `rds-db:connect` ARN of its one database user (`DatabaseProxy.dbUserArn`),
   * or that user's ARNs on several instances (the read replicas).
   */
  readonly dbUserArn: string | readonly string[];
  /**
   * Name of the inline policy (unique on its role).
   * @default "database-connect"
   */
  readonly name?: string;
  /**
   * Further statements of the same task (e.g. the login setup's Secrets Manager calls).
   * @default - none
   */
  readonly additionalStatements?: readonly PolicyStatement[];
}

/**
 * The inline policy `database-connect` of a task role: `rds-db:connect` as
 * one database user, through one proxy (or one instance, or each read
 * replica), so that the task
 * authenticates with a 15-minute IAM token instead of a password.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.IAMPolicy.html
 */
export class DatabaseConnectPolicy extends Construct {
  public readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: DatabaseConnectPolicyProps) {
    super(scope, id);
    this.policy = new IamRolePolicy(this, "policy", {
      name: props.name ?? "database-connect",
      role: props.role,
      policy: policyDocument([
        {
          Sid: "ConnectAsItsDatabaseUser",
          Effect: "Allow",
          Action: "rds-db:connect",
          Resource:
            typeof props.dbUserArn === "string"
              ? props.dbUserArn
              : [...props.dbUserArn],
        },
        ...(props.additionalStatements ?? []),
      ]),
    });
  }
}
