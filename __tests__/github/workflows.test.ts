/**
 * The delivery workflows against the rules of docs/delivery.md: GitHub's
 * own parser validates them, and each rule (triggers, environments,
 * concurrency, permissions, pinned actions, no keys, the test command) is
 * checked on the parsed YAML.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { ENVIRONMENT_NAMES, PIPELINE_CONFIG } from "../../config";
import { runDeliveryCommand } from "../../tools/delivery/cli";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Job = Record<string, any>;
type Workflow = {
  on: Record<string, any>;
  permissions?: unknown;
  jobs: Record<string, Job>;
};

const ROOT = path.join(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const FILES = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".yml"))
  .sort();
const text = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const jobs = (file: string) => Object.entries(workflow(file).jobs);
const ACTION_FILES = [
  path.join(ROOT, ".github", "actions", "setup", "action.yml"),
];
const VALIDATOR = path.join(
  ROOT,
  "tools",
  "delivery",
  "validate-workflows.mjs",
);
const delivery = PIPELINE_CONFIG.delivery;

/** Every step of a job, including those of the local composite actions it uses. */
function steps(job: Job): Job[] {
  return (job.steps ?? []).flatMap((step: Job) =>
    typeof step.uses === "string" && step.uses.startsWith("./.github/actions/")
      ? [
          step,
          ...parse(
            fs.readFileSync(path.join(ROOT, step.uses, "action.yml"), "utf8"),
          ).runs.steps,
        ]
      : [step],
  );
}
const assumesRole = (job: Job) =>
  steps(job).some((s) =>
    String(s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"),
  );
const callsImage = (job: Job) => job.uses === "./.github/workflows/image.yml";

describe("workflow files", () => {
  it("GIVEN the four delivery workflows WHEN listed THEN ci, drift, image and promote exist", () => {
    expect(FILES).toEqual(["ci.yml", "drift.yml", "image.yml", "promote.yml"]);
  });

  it("GIVEN every workflow and local action WHEN validated by @actions/workflow-parser THEN none has an error", () => {
    const result = spawnSync(process.execPath, [VALIDATOR, ROOT], {
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    const errors = JSON.parse(result.stdout) as Record<string, string[]>;
    expect(Object.keys(errors)).toEqual(
      expect.arrayContaining(FILES.map((f) => `.github/workflows/${f}`)),
    );
    expect(Object.values(errors).flat()).toEqual([]);
    expect(result.status).toBe(0);
  });

  it("GIVEN a workflow with a bad permission and a broken expression WHEN validated THEN the validator names both", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
    try {
      fs.mkdirSync(path.join(root, ".github", "workflows"), {
        recursive: true,
      });
      fs.writeFileSync(
        path.join(root, ".github", "workflows", "bad.yml"),
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    permissions:\n      id-token: sometimes\n    steps:\n      - run: echo ${{ github.x( }}\n",
      );
      const result = spawnSync(process.execPath, [VALIDATOR, root], {
        encoding: "utf8",
      });
      expect(result.status).toBe(1);
      const errors = JSON.parse(result.stdout)[
        ".github/workflows/bad.yml"
      ].join("\n");
      expect(errors).toMatch(/Unexpected value 'sometimes'/);
      expect(errors).toMatch(/Unexpected symbol: '\('/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("pinned actions", () => {
  const uses = [
    ...FILES.map((f) => text(f)),
    ...ACTION_FILES.map((f) => fs.readFileSync(f, "utf8")),
  ]
    .flatMap((t) => t.split("\n"))
    .filter((line) => /^\s*(- )?uses:/.test(line))
    .map((line) => line.replace(/^\s*(- )?uses:\s*/, "").trim());

  it("GIVEN every third-party action WHEN read THEN it is pinned to a full commit SHA with its version in a comment", () => {
    const thirdParty = uses.filter((u) => !u.startsWith("./"));
    expect(thirdParty.length).toBeGreaterThan(10);
    expect(
      thirdParty.filter(
        (u) => !/^[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/.test(u),
      ),
    ).toEqual([]);
  });

  it("GIVEN one action used in several places WHEN read THEN every use has the same SHA", () => {
    const shas = new Map<string, Set<string>>();
    for (const u of uses.filter((x) => x.includes("@"))) {
      const [name, rest] = u.split("@");
      shas.set(name, (shas.get(name) ?? new Set()).add(rest));
    }
    expect([...shas].filter(([, set]) => set.size > 1)).toEqual([]);
  });
});

describe("permissions", () => {
  it.each(FILES)(
    "GIVEN %s WHEN read THEN the workflow grants nothing by default and every job states its own",
    (file) => {
      expect(workflow(file).permissions).toEqual({});
      expect(
        jobs(file)
          .filter(([, job]) => job.permissions === undefined)
          .map(([id]) => id),
      ).toEqual([]);
    },
  );

  it.each(FILES)(
    "GIVEN %s WHEN read THEN id-token: write is granted exactly to the jobs that assume a role",
    (file) => {
      for (const [id, job] of jobs(file)) {
        const wantsToken = assumesRole(job) || callsImage(job);
        expect({
          id,
          idToken: job.permissions["id-token"] === "write",
        }).toEqual({ id, idToken: wantsToken });
      }
    },
  );

  it.each(FILES)(
    "GIVEN %s WHEN read THEN no job may write contents, and only drift's notify job may write issues",
    (file) => {
      for (const [id, job] of jobs(file)) {
        const writes = Object.entries(job.permissions as Record<string, string>)
          .filter(([scope, level]) => level === "write" && scope !== "id-token")
          .map(([scope]) => scope);
        expect({ id, writes }).toEqual({
          id,
          writes: file === "drift.yml" && id === "notify" ? ["issues"] : [],
        });
      }
    },
  );
});

describe("no long-lived credentials", () => {
  it.each(FILES)(
    "GIVEN %s WHEN read THEN it names no access key and reads no repository secret",
    (file) => {
      const t = text(file);
      expect(t).not.toMatch(
        /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/i,
      );
      expect(t).not.toMatch(/secrets\./);
    },
  );
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");

  it("GIVEN ci.yml WHEN its triggers are read THEN every pull request and pushes to the default branch run it", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.on.push.branches).toEqual([delivery.defaultBranch]);
  });

  it("GIVEN the test job WHEN read THEN it runs exactly the command .ci/run runs", () => {
    const ciRun = fs
      .readFileSync(path.join(ROOT, ".ci", "run"), "utf8")
      .trim()
      .split("\n")
      .pop();
    expect(ciRun).toBe("npm ci && npm test");
    expect(steps(ci.jobs.test).map((s) => s.run)).toContain(ciRun);
  });

  it("GIVEN the plan job WHEN read THEN it runs on pull requests only, per environment, with the plan role and a read-only backend", () => {
    const plan = ci.jobs.plan;
    expect(plan.if).toMatch(/github\.event_name == 'pull_request'/);
    expect(plan.environment).toBeUndefined(); // an environment would change the token's sub
    expect(JSON.stringify(plan.steps)).toContain("matrix.planRoleArn");
    expect(JSON.stringify(plan.steps)).toMatch(
      /--plan-dir plans.*--backend-config/s,
    );
    expect(
      steps(plan).some((s) =>
        /plan-summary .*GITHUB_STEP_SUMMARY/.test(s.run ?? ""),
      ),
    ).toBe(true);
  });

  it("GIVEN the development deploy WHEN read THEN it runs on pushes to main after the tests, in the development GitHub environment, one at a time", () => {
    const deploy = ci.jobs["deploy-development"];
    expect(deploy.if).toContain("refs/heads/main");
    expect(deploy.needs).toEqual(["test", "synth"]);
    expect(deploy.environment).toBe(
      delivery.environments.development.githubEnvironment,
    );
    expect(deploy.concurrency).toEqual({
      group: "deploy-development",
      "cancel-in-progress": false,
    });
    expect(JSON.stringify(deploy.steps)).toContain(
      'name":"synth-${{ github.sha }}',
    );
  });
});

describe("promote.yml", () => {
  const promote = workflow("promote.yml");
  const promoted = ENVIRONMENT_NAMES.filter(
    (n) => delivery.environments[n].promotedFrom !== "",
  );

  it("GIVEN promote.yml WHEN its trigger is read THEN it is manual, for exactly the promoted environments, of a given SHA", () => {
    expect(Object.keys(promote.on)).toEqual(["workflow_dispatch"]);
    expect(promote.on.workflow_dispatch.inputs.environment.options).toEqual(
      promoted,
    );
    expect(promote.on.workflow_dispatch.inputs.sha.required).toBe(true);
  });

  it("GIVEN the promoted environments WHEN their GitHub environments are read THEN they are named like the environments (the workflows rely on it)", () => {
    for (const name of promoted)
      expect(delivery.environments[name].githubEnvironment).toBe(name);
  });

  it("GIVEN the gate job WHEN read THEN it refuses a commit that does not run in the environment before", () => {
    expect(
      steps(promote.jobs.gate).some((s) =>
        /delivery -- promotable "\$ENVIRONMENT" --sha "\$SHA"/.test(
          s.run ?? "",
        ),
      ),
    ).toBe(true);
  });

  it.each(["plan", "apply"])(
    "GIVEN the %s job WHEN read THEN it is gated by the environment and serialized per environment",
    (id) => {
      const job = promote.jobs[id];
      expect(job.environment).toBe("${{ inputs.environment }}");
      expect(job.concurrency).toEqual({
        group: "deploy-${{ inputs.environment }}",
        "cancel-in-progress": false,
      });
    },
  );

  it("GIVEN plan and apply WHEN read THEN the plan saves plans as an artifact and apply applies exactly those", () => {
    const plan = JSON.stringify(promote.jobs.plan.steps);
    const apply = JSON.stringify(promote.jobs.apply.steps);
    expect(plan).toContain("--plan-dir plans");
    expect(plan).toContain(
      "plans-${{ inputs.environment }}-${{ github.run_id }}",
    );
    expect(apply).toContain(
      "plans-${{ inputs.environment }}-${{ github.run_id }}",
    );
    expect(apply).toContain("--from-plans plans");
    expect(apply).not.toContain("--plan-dir");
    expect(promote.jobs.apply.needs).toEqual(["gate", "plan"]);
  });
});

describe("image.yml", () => {
  const image = workflow("image.yml");

  it("GIVEN image.yml WHEN its triggers are read THEN it is callable by the other workflows and by hand (roll back)", () => {
    expect(Object.keys(image.on).sort()).toEqual([
      "workflow_call",
      "workflow_dispatch",
    ]);
    expect(image.on.workflow_dispatch.inputs.environment.options).toEqual([
      ...ENVIRONMENT_NAMES,
    ]);
  });

  it("GIVEN the rollout job WHEN read THEN it pushes the SHA tag, rolls it out with the tested command and is serialized with deploys", () => {
    const job = image.jobs.rollout;
    const run = steps(job)
      .map((s) => s.run ?? "")
      .join("\n");
    expect(run).toContain('docker push "$repository:$SHA"');
    expect(run).toContain(
      'delivery -- rollout "$ENVIRONMENT" --image-tag "$SHA"',
    );
    expect(job.concurrency).toEqual({
      group: "deploy-${{ inputs.environment }}",
      "cancel-in-progress": false,
    });
    expect(job.environment).toBe("${{ inputs.environment }}");
  });

  it("GIVEN the rollout job WHEN its steps are read THEN the jobs stack takes the tag, the migration runs, and only then the API rolls out, with nothing letting a failed migration through", () => {
    const all = steps(image.jobs.rollout);
    const at = (pattern: RegExp) =>
      all.findIndex((s) => pattern.test(s.run ?? ""));
    const jobsDeploy = at(
      /TF_VAR_image_tag="\$SHA" npm run deploy -- "\$JOBS"/,
    );
    const migrate = at(/npm run migrate -- "\$ENVIRONMENT"/);
    const rollout = at(/delivery -- rollout/);
    expect({
      order: jobsDeploy >= 0 && jobsDeploy < migrate && migrate < rollout,
      // A step after a failed one runs only with if: always() / failure(), or when the failed one may fail.
      guards: all
        .slice(migrate, rollout + 1)
        .filter(
          (s) =>
            s["continue-on-error"] !== undefined ||
            /always\(\)|failure\(\)/.test(String(s.if ?? "")),
        )
        .map((s) => s.name),
    }).toEqual({ order: true, guards: [] });
  });

  it("GIVEN a rollback to an older image WHEN dispatched with migrate off THEN the migration step is skipped, and callers that say nothing migrate", () => {
    const migrate = steps(image.jobs.rollout).find((s) =>
      /npm run migrate/.test(s.run ?? ""),
    );
    expect({
      condition: migrate?.if,
      dispatchDefault: image.on.workflow_dispatch.inputs.migrate.default,
      callDefault: image.on.workflow_call.inputs.migrate.default,
    }).toEqual({
      condition: "inputs.migrate",
      dispatchDefault: true,
      callDefault: true,
    });
  });
});

describe("drift.yml", () => {
  const drift = workflow("drift.yml");

  it("GIVEN drift.yml WHEN its schedules are read THEN they are exactly the configured drift crons, plus a manual trigger", () => {
    const crons = drift.on.schedule.map((s: { cron: string }) => s.cron).sort();
    expect(crons).toEqual(
      ENVIRONMENT_NAMES.map((n) => delivery.environments[n].driftCron).sort(),
    );
    expect(drift.on.workflow_dispatch).toBeDefined();
  });

  it("GIVEN the drift job WHEN read THEN npm run drift's exit code reaches the tested verdict, not the shell's", () => {
    const run = steps(drift.jobs.drift)
      .map((s) => s.run ?? "")
      .join("\n");
    expect(run).toMatch(
      /set \+e\n\s*npm run -s drift -- "\$ENVIRONMENT" --json --report drift\.json/,
    );
    expect(run).toContain('--exit-code "${CODE:-1}" --report drift.json');
  });

  it("GIVEN the drift job WHEN read THEN npm run drift plans with the image tag the environment runs (current-image, as promote plans), read through the read-only state role", () => {
    const run = steps(drift.jobs.drift)
      .map((s) => s.run ?? "")
      .join("\n");
    const lookup = run.search(
      /tag="\$\(npm run -s delivery -- current-image "\$ENVIRONMENT" --backend-config "\$PWD\/read-only\.tfbackend"\)"/,
    );
    const exported = run.indexOf('export TF_VAR_image_tag="$tag"');
    const check = run.indexOf("npm run -s drift --");
    expect({
      lookup: lookup >= 0,
      beforeTheCheck: lookup < exported && exported < check,
    }).toEqual({ lookup: true, beforeTheCheck: true });
  });

  it("GIVEN a failed drift job WHEN notify runs THEN it runs on failure only and with issues: write alone", () => {
    expect(drift.jobs.notify.if).toBe("failure()");
    expect(drift.jobs.notify.permissions).toEqual({ issues: "write" });
  });
});

describe("commands the workflows run", () => {
  const scripts = JSON.parse(
    fs.readFileSync(path.join(ROOT, "package.json"), "utf8"),
  ).scripts as Record<string, string>;
  const all = FILES.map(text).join("\n");

  it("GIVEN every npm run in the workflows WHEN looked up THEN package.json has the script", () => {
    const used = [...all.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map(
      (m) => m[1],
    );
    expect([...new Set(used)].filter((s) => !(s in scripts))).toEqual([]);
  });

  it("GIVEN every delivery subcommand in the workflows WHEN compared with the CLI THEN each is one it knows", async () => {
    const used = [
      ...new Set([...all.matchAll(/delivery -- ([\w-]+)/g)].map((m) => m[1])),
    ];
    const known = await runDeliveryCommand(["nope"]).then(
      () => [] as string[],
      (error: Error) => error.message.replace(/^.*": /, "").split(", "),
    );
    expect(known).toContain("rollout");
    expect(used.filter((c) => !known.includes(c))).toEqual([]);
  });
});
