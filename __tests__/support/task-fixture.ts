/** Container settings shared by the TaskDefinition and ContainerService tests. */
export const SECRET =
  "arn:aws:secretsmanager:af-south-1:123456789012:secret:rds!db-1-AbCdEf";

/** A task's container: image, size, port, log key, database environment and secrets. */
export const CONTAINER_FIXTURE = {
  repositoryArn: "arn:aws:ecr:af-south-1:123456789012:repository/team-api",
  image: "123456789012.dkr.ecr.af-south-1.amazonaws.com/team-api:1.2.3",
  cpu: 512,
  memoryMiB: 1024,
  containerPort: 8000,
  logKmsKeyArn: "arn:aws:kms:af-south-1:123456789012:key/logs",
  environment: { DB_HOST: "db.internal", DB_PORT: "5432", DB_NAME: "pipeline" },
  secrets: {
    DB_USERNAME: { secretArn: SECRET, jsonKey: "username" },
    DB_PASSWORD: { secretArn: SECRET, jsonKey: "password" },
  },
};
