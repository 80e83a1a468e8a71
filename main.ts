/**
 * Entry point: validates the configuration, creates the stacks of every
 * selected environment (all, or those named by PIPELINE_ENVIRONMENT) and
 * synthesizes them. Resources live in modules/ and stacks/, never here.
 */
import { App } from "cdktf";
import { loadConfig } from "./config";
import { createBootstrapStack } from "./stacks/bootstrap-stack";
import { createCiStack } from "./stacks/ci-stack";
import { createEnvironmentStacks } from "./stacks/environment-stacks";

// Validate first: a bad setting stops here, before the App creates cdktf.out.
const config = loadConfig();
const app = new App();
// Once per state account: the bucket and lock table every other stack's backend uses.
createBootstrapStack(app, config.state);
for (const environment of config.environments) {
  // First, once, by an administrator: the roles GitHub Actions deploys the others with.
  createCiStack(app, environment, config.state, config.delivery);
  createEnvironmentStacks(app, environment, config.state);
}
app.synth();
