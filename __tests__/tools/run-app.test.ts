/**
 * The cdktf app command (tools/run-app.js), run as cdktf runs it: a child
 * process with CDKTF_OUTDIR set.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readManifest } from "../../tools/manifest";

const ROOT = path.resolve(__dirname, "..", "..");

function runApp(
  cwd: string,
  outdir: string,
  extraEnv: Record<string, string> = {},
) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    ...extraEnv,
  };
  if (!("PIPELINE_ENVIRONMENT" in extraEnv)) delete env.PIPELINE_ENVIRONMENT;
  delete env.CDKTF_CONTEXT_JSON;
  // A copy of the project keeps its bundle cache in the copy, apart from the
  // run's (the global setup's PIPELINE_SCRATCH_DIR is for this project only).
  if (cwd !== ROOT) delete env.PIPELINE_SCRATCH_DIR;
  return spawnSync(process.execPath, [path.join(cwd, "tools", "run-app.js")], {
    cwd,
    env,
    encoding: "utf8",
  });
}

/** Every file below `dir` with the SHA-256 of its bytes. */
function fingerprint(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        files[path.relative(dir, full)] = createHash("sha256")
          .update(fs.readFileSync(full))
          .digest("hex");
    }
  };
  walk(dir);
  return files;
}

/** Left out of project copies: installed, generated or written by runs. */
const NOT_COPIED = new Set([
  "node_modules",
  ".git",
  "cdktf.out",
  ".scratch",
  ".gen",
  "__tests__",
]);

/** A copy of the project in a scratch folder (node_modules linked), to break on purpose. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-test-"));
  for (const entry of fs.readdirSync(ROOT)) {
    if (NOT_COPIED.has(entry) || entry.endsWith(".tfstate")) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
    });
  }
  fs.symlinkSync(
    path.join(ROOT, "node_modules"),
    path.join(dir, "node_modules"),
  );
  return dir;
}

let scratch: string;
beforeEach(
  () => (scratch = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-out-"))),
);
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("run-app (the cdktf app command)", () => {
  it("GIVEN a bad setting WHEN synthesized THEN it fails naming the setting and leaves the earlier cdktf.out byte for byte", () => {
    const project = projectCopy();
    try {
      const outdir = path.join(project, "cdktf.out");
      expect(runApp(project, outdir).status).toBe(0);
      const before = fingerprint(outdir);
      const file = path.join(project, "config", "environments.ts");
      const source = fs.readFileSync(file, "utf8");
      expect(source).toContain('vpcCidr: "10.0.0.0/16"');
      fs.writeFileSync(
        file,
        source.replace('vpcCidr: "10.0.0.0/16"', 'vpcCidr: "10.0.0.0/20"'),
      );

      const result = runApp(project, outdir);

      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /production\.network\.vpcCidr = "10\.0\.0\.0\/20": must be an IPv4 \/16 CIDR block/,
      );
      expect(fingerprint(outdir)).toEqual(before);
      expect(
        fs.readdirSync(project).filter((n) => n.includes("staging")),
      ).toEqual([]);
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  it("GIVEN an unknown environment and no earlier output WHEN synthesized THEN nothing is created", () => {
    const outdir = path.join(scratch, "cdktf.out");
    const result = runApp(ROOT, outdir, { PIPELINE_ENVIRONMENT: "qa" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /environment = "qa": is not a known environment/,
    );
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it("GIVEN an unknown environment and an output folder in folders that do not exist WHEN synthesized THEN none of them is created", () => {
    const outdir = path.join(scratch, "new", "parents", "cdktf.out");
    const result = runApp(ROOT, outdir, { PIPELINE_ENVIRONMENT: "qa" });
    expect(result.status).toBe(1);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it("GIVEN PIPELINE_ENVIRONMENT=production WHEN synthesized THEN only production stacks are written", () => {
    const outdir = path.join(scratch, "cdktf.out");
    expect(
      runApp(ROOT, outdir, { PIPELINE_ENVIRONMENT: "production" }).status,
    ).toBe(0);
    const stacks = Object.keys(
      JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"))
        .stacks,
    );
    expect(stacks.length).toBeGreaterThan(0);
    expect(stacks.filter((s) => /-(development|staging)-/.test(s))).toEqual([]);
    expect(stacks).toContain("financial-pipeline-production-vpc");
  });

  it("GIVEN a full synthesis WHEN narrowed to production THEN the other environments' stack folders are removed", () => {
    const outdir = path.join(scratch, "cdktf.out");
    expect(runApp(ROOT, outdir).status).toBe(0);
    const marker = path.join(
      outdir,
      "stacks",
      "financial-pipeline-production-vpc",
      ".terraform",
      "kept",
    );
    fs.mkdirSync(path.dirname(marker), { recursive: true });
    fs.writeFileSync(marker, "");
    expect(
      runApp(ROOT, outdir, { PIPELINE_ENVIRONMENT: "production" }).status,
    ).toBe(0);
    const folders = fs.readdirSync(path.join(outdir, "stacks"));
    expect(folders.filter((f) => /-(development|staging)-/.test(f))).toEqual(
      [],
    );
    expect(folders).toContain("financial-pipeline-production-vpc");
    expect(fs.existsSync(marker)).toBe(true);
  });

  it("GIVEN an earlier output with an edited stack file WHEN synthesized again THEN the file is overwritten with the synthesized one", () => {
    const fresh = path.join(scratch, "fresh");
    const outdir = path.join(scratch, "cdktf.out");
    expect(runApp(ROOT, fresh).status).toBe(0);
    expect(runApp(ROOT, outdir).status).toBe(0);
    const edited = path.join(
      outdir,
      "stacks",
      "financial-pipeline-production-vpc",
      "cdk.tf.json",
    );
    fs.writeFileSync(edited, "{}");

    expect(runApp(ROOT, outdir).status).toBe(0);

    expect(fingerprint(outdir)).toEqual(fingerprint(fresh));
  });

  it("GIVEN CDKTF_OUTDIR outside the project WHEN synthesized THEN the bootstrap's local state path leads to the project root", () => {
    const outdir = path.join(scratch, "elsewhere", "out");
    expect(runApp(ROOT, outdir).status).toBe(0);
    const stackDir = path.join(
      outdir,
      "stacks",
      "financial-pipeline-bootstrap",
    );
    const json = JSON.parse(
      fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"),
    );
    expect({
      relative: path.isAbsolute(json.terraform.backend.local.path),
      resolved: path.resolve(stackDir, json.terraform.backend.local.path),
    }).toEqual({
      relative: false,
      resolved: path.join(ROOT, "financial-pipeline-bootstrap.tfstate"),
    });
  });

  it("GIVEN CDKTF_OUTDIR outside the project WHEN synthesized twice into it THEN the output is byte-identical", () => {
    const outdir = path.join(scratch, "elsewhere", "out");
    expect(runApp(ROOT, outdir).status).toBe(0);
    const first = fingerprint(outdir);
    expect(runApp(ROOT, outdir).status).toBe(0);
    expect(fingerprint(outdir)).toEqual(first);
  });

  it("GIVEN npm run synth WHEN run THEN it is the app command: the same files, and a summary line", () => {
    const viaNpm = path.join(scratch, "npm");
    const viaApp = path.join(scratch, "app");
    const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: viaNpm };
    delete env.PIPELINE_ENVIRONMENT;
    delete env.CDKTF_CONTEXT_JSON;
    const npm = spawnSync("npm", ["run", "--silent", "synth"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
    expect(runApp(ROOT, viaApp).status).toBe(0);
    expect({ status: npm.status, stdout: npm.stdout }).toEqual({
      status: 0,
      stdout: `${readManifest(viaNpm).length} stacks synthesized into ${path.relative(ROOT, viaNpm)}\n`,
    });
    expect(fingerprint(viaNpm)).toEqual(fingerprint(viaApp));
  });

  it("GIVEN the same sources WHEN synthesized twice THEN the output is byte-identical", () => {
    const first = path.join(scratch, "first");
    const second = path.join(scratch, "second");
    expect(runApp(ROOT, first).status).toBe(0);
    expect(runApp(ROOT, second).status).toBe(0);
    expect(fingerprint(second)).toEqual(fingerprint(first));
  });

  it("GIVEN a synthesis WHEN its files are read THEN they hold no absolute machine path and no timestamp", () => {
    const outdir = path.join(scratch, "cdktf.out");
    expect(runApp(ROOT, outdir).status).toBe(0);
    // Absolute: not the tail of a relative path such as ../../work/project.
    const absolute = (dir: string) =>
      new RegExp(`(^|[^.])${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
    for (const file of Object.keys(fingerprint(outdir))) {
      const text = fs.readFileSync(path.join(outdir, file), "utf8");
      expect({
        file,
        root: absolute(ROOT).test(text),
        tmp: absolute(os.tmpdir() + "/").test(text),
      }).toEqual({ file, root: false, tmp: false });
      expect({
        file,
        timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text),
      }).toEqual({ file, timestamp: false });
    }
  });
});

describe("run-app bundle cache (keyed on the files esbuild read)", () => {
  let project: string;
  let outdir: string;
  const bundle = () => path.join(project, ".scratch", "run-app", "app.js");
  const bundleId = () => {
    const stat = fs.statSync(bundle());
    return `${stat.ino}:${stat.mtimeMs}`;
  };
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    fs.writeFileSync(path.join(project, file), text);
  };
  const extraLines = (stdout: string) =>
    stdout.split("\n").filter((line) => line.startsWith("extra "));

  beforeAll(() => {
    project = projectCopy();
    outdir = path.join(project, "cdktf.out");
    // main.ts of the copy also reads a JSON file and a module in a folder of its own.
    write("extra/setting.json", JSON.stringify({ text: "json-1" }));
    write("lib-extra/text.ts", 'export const text = "module-1";\n');
    const main = fs.readFileSync(path.join(project, "main.ts"), "utf8");
    write(
      "main.ts",
      [
        'import setting from "./extra/setting.json";',
        'import { text } from "./lib-extra/text";',
        "console.log(`extra json ${setting.text}`);",
        "console.log(`extra module ${text}`);",
        main,
      ].join("\n"),
    );
    const first = runApp(project, outdir);
    expect({ status: first.status, extra: extraLines(first.stdout) }).toEqual({
      status: 0,
      extra: ["extra json json-1", "extra module module-1"],
    });
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it("GIVEN no change WHEN synthesized again THEN the bundle is reused, not rebuilt", () => {
    const before = bundleId();
    expect(runApp(project, outdir).status).toBe(0);
    expect(bundleId()).toBe(before);
  });

  it("GIVEN an input touched but not changed WHEN synthesized again THEN the bundle is reused", () => {
    const before = bundleId();
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(project, "main.ts"), later, later);
    expect(runApp(project, outdir).status).toBe(0);
    expect(bundleId()).toBe(before);
  });

  it("GIVEN only an imported JSON file changed WHEN synthesized again THEN the app sees the new value", () => {
    write("extra/setting.json", JSON.stringify({ text: "json-2" }));
    const result = runApp(project, outdir);
    expect(extraLines(result.stdout)).toContain("extra json json-2");
  });

  it("GIVEN only a module in a folder outside config/, modules/ and stacks/ changed WHEN synthesized again THEN the app sees the new value", () => {
    write("lib-extra/text.ts", 'export const text = "module-2";\n');
    const result = runApp(project, outdir);
    expect(extraLines(result.stdout)).toContain("extra module module-2");
  });

  it("GIVEN an input of the last bundle deleted WHEN synthesized again THEN it rebuilds and reports esbuild's error", () => {
    fs.rmSync(path.join(project, "lib-extra"), { recursive: true });
    const result = runApp(project, outdir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Could not resolve "\.\/lib-extra\/text"/);
  });
});
