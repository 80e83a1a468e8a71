/**
 * The cdktf app command (tools/run-app.js), run as cdktf runs it: a child
 * process with CDKTF_OUTDIR set.
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

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

/** A copy of the project's sources in a scratch folder (node_modules linked), to break on purpose. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "run-app-test-"));
  for (const entry of [
    "main.ts",
    "package-lock.json",
    "config",
    "constructs",
    "stacks",
    "tools",
  ]) {
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
    for (const file of Object.keys(fingerprint(outdir))) {
      const text = fs.readFileSync(path.join(outdir, file), "utf8");
      expect({
        file,
        root: text.includes(ROOT),
        tmp: text.includes(os.tmpdir() + "/"),
      }).toEqual({ file, root: false, tmp: false });
      expect({
        file,
        timestamp: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text),
      }).toEqual({ file, timestamp: false });
    }
  });
});
