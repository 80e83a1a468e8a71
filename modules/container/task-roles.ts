import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import {
  policyDocument,
  PolicyStatement,
  trustPolicy,
} from "../security/policy";

/** Actions ECS Exec needs in the task role: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html */
export const ECS_EXEC_ACTIONS = [
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
] as const;

/** Properties of {@link TaskRoles}. */
export interface TaskRolesProps {
  /** Prefix of the role names, e.g. `financial-pipeline-production-api`. */
  readonly namePrefix: string;
  /** Account of the tasks (trust condition). */
  readonly accountId: string;
  /** Region of the tasks (trust condition, `kms:ViaService`). */
  readonly region: string;
  /** The one repository the tasks' image comes from. */
  readonly repositoryArn: string;
  /** The one log group the container writes to. */
  readonly logGroupArn: string;
  /**
   * Secrets Manager secrets injected into the container at start.
   * @default - none
   */
  readonly secretArns?: readonly string[];
  /**
   * KMS keys that encrypt those secrets (decrypt through Secrets Manager only).
   * @default - none
   */
  readonly secretKmsKeyArns?: readonly string[];
  /**
   * Give the task role what ECS Exec needs.
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
}

/**
 * The two roles of an ECS task, kept apart: the execution role, used by the
 * ECS agent to start the task (pull this repository's image, write this log
 * group, read these secrets), and the task role, the application's own
 * identity, which holds nothing unless ECS Exec is on. No statement grants
 * a wildcard action; `Resource: "*"` appears only for actions that have no
 * resource to scope to (`ecr:GetAuthorizationToken`, the four `ssmmessages` channel actions of ECS Exec).
 */
export class TaskRoles extends Construct {
  public readonly executionRole: IamRole;
  public readonly taskRole: IamRole;
  /**
   * The execution role's inline policy. A task definition names only the
   * role's ARN, so a service must depend on this policy explicitly, or its
   * first tasks may start before the agent may pull the image or read the secret.
   */
  public readonly executionPolicy: IamRolePolicy;
  /** Inline policies of the task role (ECS Exec's, when on); the service should wait for them too. */
  public readonly taskPolicies: IamRolePolicy[] = [];

  constructor(scope: Construct, id: string, props: TaskRolesProps) {
    super(scope, id);
    const secretArns = props.secretArns ?? [];
    const secretKmsKeyArns = props.secretKmsKeyArns ?? [];
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html (confused deputy)
    const trust = trustPolicy(
      { Service: "ecs-tasks.amazonaws.com" },
      {
        StringEquals: { "aws:SourceAccount": props.accountId },
        ArnLike: {
          "aws:SourceArn": `arn:aws:ecs:${props.region}:${props.accountId}:*`,
        },
      },
    );

    // ------------------------------------------------------- execution role
    this.executionRole = new IamRole(this, "execution-role", {
      name: `${props.namePrefix}-execution`,
      description:
        "ECS agent: pulls the image, writes the log group, reads the database secret",
      assumeRolePolicy: trust,
    });
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
    const statements: PolicyStatement[] = [
      {
        Sid: "EcrLogin",
        Effect: "Allow",
        Action: "ecr:GetAuthorizationToken",
        Resource: "*",
      },
      {
        Sid: "PullThisRepository",
        Effect: "Allow",
        Action: [
          "ecr:BatchCheckLayerAvailability",
          "ecr:GetDownloadUrlForLayer",
          "ecr:BatchGetImage",
        ],
        Resource: props.repositoryArn,
      },
      {
        Sid: "WriteThisLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${props.logGroupArn}:log-stream:*`,
      },
    ];
    if (secretArns.length > 0) {
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html
      statements.push({
        Sid: "ReadSecrets",
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [...secretArns],
      });
    }
    if (secretKmsKeyArns.length > 0) {
      statements.push({
        Sid: "DecryptSecretsThroughSecretsManager",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: [...secretKmsKeyArns],
        Condition: {
          StringEquals: {
            "kms:ViaService": `secretsmanager.${props.region}.amazonaws.com`,
          },
        },
      });
    }
    this.executionPolicy = new IamRolePolicy(this, "execution-policy", {
      name: "start-task",
      role: this.executionRole.id,
      policy: policyDocument(statements),
    });

    // ------------------------------------------------------------ task role
    this.taskRole = new IamRole(this, "task-role", {
      name: `${props.namePrefix}-task`,
      description:
        "The application's identity: ECS Exec when on, and what its stack attaches (database connect)",
      assumeRolePolicy: trust,
    });
    if (props.enableExecuteCommand) {
      this.taskPolicies.push(
        new IamRolePolicy(this, "exec-policy", {
          name: "ecs-exec",
          role: this.taskRole.id,
          policy: policyDocument([
            {
              Sid: "EcsExecSessions",
              Effect: "Allow",
              Action: [...ECS_EXEC_ACTIONS],
              Resource: "*",
            },
          ]),
        }),
      );
    }
  }
}
