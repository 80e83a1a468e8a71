import { App } from "cdktf";
import { EnvironmentConfig, StateSettings } from "../config";
import { VpcStack } from "./vpc-stack";

/** The stacks of one environment, in deploy order. */
export interface EnvironmentStacks {
  readonly vpc: VpcStack;
}

/**
 * Creates the stacks of one environment: `financial-pipeline-<env>-vpc`, then
 * `-database`, then `-api`, each depending on the one before.
 */
export function createEnvironmentStacks(app: App, environment: EnvironmentConfig, state: StateSettings): EnvironmentStacks {
  const vpc = new VpcStack(app, { environment, state });
  return { vpc };
}
