/**
 * Entry point: validates the configuration, creates the stacks of every
 * selected environment (all, or those named by PIPELINE_ENVIRONMENT) and
 * synthesizes them. Resources live in modules/ and stacks/, never here.
 */
import { App } from "cdktf";
import { loadConfig } from "./config";
import { BootstrapStack, createBootstrapStack } from "./stacks/bootstrap-stack";
import { createEnvironmentStacks } from "./stacks/environment-stacks";

// Validate first: a bad setting stops here, before the App creates cdktf.out.
const config = loadConfig();
const app = new App();
// Once per state account: the bucket and lock table every other stack's backend uses.
// Its local state goes to the project root (cdktf runs the app there), wherever the output folder is.
createBootstrapStack(app, config.state, {
  projectRootFromOutdir: BootstrapStack.projectRootFromOutdir(
    app.outdir,
    process.cwd(),
  ),
});
for (const environment of config.environments) {
  createEnvironmentStacks(app, environment, config.state);
}
app.synth();
