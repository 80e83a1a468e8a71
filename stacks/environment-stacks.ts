import { App } from "cdktf";
import { EnvironmentConfig, StateSettings } from "../config";
import { DatabaseStack } from "./database-stack";
import { VpcStack } from "./vpc-stack";

/** The stacks of one environment, in deploy order. */
export interface EnvironmentStacks {
  readonly vpc: VpcStack;
  readonly database: DatabaseStack;
}

/**
 * Creates the stacks of one environment: `financial-pipeline-<env>-vpc`, then
 * `-database`, then `-api`, each depending on the one before.
 */
export function createEnvironmentStacks(app: App, environment: EnvironmentConfig, state: StateSettings): EnvironmentStacks {
  const vpc = new VpcStack(app, { environment, state });
  const database = new DatabaseStack(app, { environment, state, vpc });
  database.addDependency(vpc);
  return { vpc, database };
}
