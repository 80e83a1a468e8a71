import { App, Aspects } from "cdktf";
import { EnvironmentConfig, StateSettings } from "../config";
import { RoleBoundary } from "../modules/delivery";
import { ApiStack } from "./api-stack";
import { CiStack } from "./ci-stack";
import { DatabaseStack } from "./database-stack";
import { JobsStack } from "./jobs-stack";
import { VpcStack } from "./vpc-stack";

/** The stacks of one environment, in deploy order. */
export interface EnvironmentStacks {
  readonly vpc: VpcStack;
  readonly database: DatabaseStack;
  readonly api: ApiStack;
  readonly jobs: JobsStack;
}

/**
 * Creates the stacks of one environment: `financial-pipeline-<env>-vpc`, then
 * `-database`, then `-api`, then `-jobs`, each depending on the one before.
 */
export function createEnvironmentStacks(
  app: App,
  environment: EnvironmentConfig,
  state: StateSettings,
): EnvironmentStacks {
  const vpc = new VpcStack(app, { environment, state });
  const database = new DatabaseStack(app, { environment, state, vpc });
  database.addDependency(vpc);
  const api = new ApiStack(app, { environment, state, vpc, database });
  api.addDependency(database);
  const jobs = new JobsStack(app, { environment, state, vpc, database, api });
  jobs.addDependency(api);
  // Every role these stacks create carries the boundary the -ci stack owns (docs/access.md).
  const boundary = new RoleBoundary(CiStack.boundaryArn(environment));
  for (const stack of [vpc, database, api, jobs]) {
    Aspects.of(stack).add(boundary);
  }
  return { vpc, database, api, jobs };
}
