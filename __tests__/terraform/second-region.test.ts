/**
 * Another region by configuration (issue 21): production with its region
 * and two availability zones set to eu-west-2 is synthesized and planned
 * offline, stack by stack. The region is one setting: what still names
 * af-south-1 is the state backend (the state account's bucket), nothing
 * that is deployed.
 */
import * as fs from "fs";
import { PIPELINE_CONFIG } from "../../config";
import {
  planStacks,
  StackJson,
  StackPlanResult,
} from "../../tools/offline-plan";
import { scratchDir } from "../integration/emulated-terraform";
import { configWith } from "../support/config";
import { synthesizeApp } from "../support/environment-synth";
import { terraformReady } from "../support/plan";

const REGION = "eu-west-2";
const ZONES: [string, string] = ["eu-west-2a", "eu-west-2b"];
const HOME = PIPELINE_CONFIG.environments.production.region;
const ready = terraformReady();
const itWithTerraform = ready ? it : it.skip;

const config = configWith((c) => {
  c.environments.production.region = REGION;
  c.environments.production.availabilityZones = ZONES;
});
let stacks: Record<string, StackJson> = {};
const production = () =>
  Object.keys(stacks)
    .filter((n) => n.startsWith("financial-pipeline-production-"))
    .sort();

/** Every string of `value` that contains `text`, by JSON path. */
function pathsContaining(value: unknown, text: string, at = ""): string[] {
  if (typeof value === "string") return value.includes(text) ? [at] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => pathsContaining(v, text, `${at}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) =>
      pathsContaining(v, text, `${at}.${k}`),
    );
  return [];
}

describe(`production in ${REGION}`, () => {
  let plans: StackPlanResult[] = [];

  beforeAll(async () => {
    stacks = synthesizeApp(config, ["production"], scratchDir("synth"));
    if (ready)
      plans = await planStacks(production(), stacks, scratchDir("plan"));
  }, 15 * 60_000);

  it("GIVEN another region WHEN synthesized THEN the stack names and each stack's account guard are production's", () => {
    expect({
      names: production(),
      accounts: [
        ...new Set(
          production().map((n) =>
            JSON.stringify(stacks[n].provider.aws[0].allowed_account_ids),
          ),
        ),
      ],
    }).toEqual({
      names: [
        "financial-pipeline-production-api",
        "financial-pipeline-production-ci",
        "financial-pipeline-production-database",
        "financial-pipeline-production-jobs",
        "financial-pipeline-production-vpc",
      ],
      accounts: [
        JSON.stringify([PIPELINE_CONFIG.environments.production.accountId]),
      ],
    });
  });

  it(`GIVEN another region WHEN synthesized THEN ${HOME} is named only by the state backend and its remote-state reads`, () => {
    const left = production().flatMap((n) =>
      pathsContaining(stacks[n], HOME).map((p) => `${n}${p}`),
    );
    expect(left.length).toBeGreaterThan(0);
    expect(
      left.filter(
        (p) =>
          !/\.terraform\.backend\.s3\.(bucket|region)$/.test(p) &&
          !/\.data\.terraform_remote_state\.[^.]+\.config\.(bucket|region)$/.test(
            p,
          ),
      ),
    ).toEqual([]);
  });

  itWithTerraform(
    "GIVEN another region WHEN each stack is planned offline THEN init, validate and plan succeed",
    () => {
      expect(
        plans
          .filter((p) => !p.ok)
          .map((p) => `${p.stack}: ${p.steps.at(-1)?.output}`),
      ).toEqual([]);
      expect(plans.map((p) => p.stack)).toEqual(production());
    },
  );

  itWithTerraform(
    `GIVEN another region WHEN the vpc stack is planned THEN its subnets are in ${ZONES.join(" and ")}`,
    () => {
      const vpc = plans.find((p) => p.stack.endsWith("-vpc"));
      const plan = JSON.parse(fs.readFileSync(vpc!.planJsonPath!, "utf8"));
      const zones = new Set(
        plan.resource_changes
          .filter((r: { type: string }) => r.type === "aws_subnet")
          .map(
            (r: { change: { after: { availability_zone: string } } }) =>
              r.change.after.availability_zone,
          ),
      );
      expect([...zones].sort()).toEqual(ZONES);
    },
  );
});
