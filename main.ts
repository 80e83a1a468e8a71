/**
 * Entry point: validates the configuration, creates the stacks of every
 * selected environment (all, or those named by PIPELINE_ENVIRONMENT) and
 * synthesizes them. Resources live in modules/ and stacks/, never here.
 */
import { App } from "cdktf";
import { loadConfig, PIPELINE_CONFIG } from "./config";
import { applyProfile } from "./config/profiles";
import { BootstrapStack, createBootstrapStack } from "./stacks/bootstrap-stack";
import { createCiStack } from "./stacks/ci-stack";
import { createEnvironmentStacks } from "./stacks/environment-stacks";

// Validate first: a bad setting stops here, before the App creates cdktf.out.
// PIPELINE_PROFILE=cost-saving: the cheaper profile of config/profiles.ts, validated the same way.
const config = loadConfig(applyProfile(PIPELINE_CONFIG));
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
  // First, once, by an administrator: the roles GitHub Actions deploys the others with.
  createCiStack(app, environment, config.state, config.delivery);
  createEnvironmentStacks(app, environment, config.state);
}
app.synth();
