import { Construct } from "constructs";
import { ContainerService } from "../modules/container";
import {
  DATABASE_LOGINS,
  DatabaseReaderClient,
} from "../modules/database-access";
import type { DatabaseStack } from "./database-stack";

/**
 * Lets a service's tasks read from the database's read replicas as the
 * read-only login (`readerEnvironment` tells them where): its security group
 * to the replicas' on the database port, and `rds-db:connect` as
 * `pipeline_reader` on each replica for its task role. Nothing without
 * replicas (docs/database.md "Read replicas").
 */
export function admitReader(
  scope: Construct,
  database: DatabaseStack,
  service: ContainerService,
  clientName: string,
): DatabaseReaderClient | undefined {
  if (database.readerSecurityGroupId === undefined) return undefined;
  return new DatabaseReaderClient(scope, "database-reader", {
    securityGroupId: service.securityGroupId,
    replicaSecurityGroupId: database.readerSecurityGroupId,
    port: database.database.port,
    role: service.taskDefinition.roles.taskRole.id,
    dbUserArns: database.readerDbUserArns(DATABASE_LOGINS.reader),
    clientName,
  });
}
