/**
 * The redirected copy: a scratch copy of a synthesized output folder that
 * Terraform can run against moto, made only of the synthesized JSON as it
 * is plus one `emulator_override.tf.json` per stack (Terraform's override
 * files: https://developer.hashicorp.com/terraform/language/files/override).
 * What users deploy (cdktf.out) is never touched.
 *
 * The override sets, per stack:
 *  - each AWS provider (by alias): a low `max_retries` (moto answers 500 for
 *    calls it lacks; the SDK would retry those for minutes) and path-style
 *    S3 addressing (moto on 127.0.0.1 has no bucket subdomains);
 *  - the S3 backend and every S3 `terraform_remote_state`: the same
 *    settings plus `use_path_style` (override files replace a backend block
 *    and a `config` argument whole, so the rest is repeated as synthesized);
 *  - a local backend (the bootstrap before its migration): its state file
 *    at the copy's root, `<target>/../<file>`, as at a project root (the
 *    synthesized path leads from where it was synthesized to the project
 *    it was synthesized in, which a copy elsewhere must not write into);
 *  - `count = 0` for each resource the gap list says moto cannot create.
 *
 * Everything else, `allowed_account_ids`, the backend's and remote states'
 * `assume_role` included, stays as synthesized: the endpoint comes from
 * `AWS_ENDPOINT_URL` ({@link awsEnv} in moto.ts), the accounts from the
 * credentials.
 */
import * as fs from "fs";
import * as path from "path";
import { readManifest, readStackJson, StackJson } from "../manifest";
import { GAPS, resourcesLeftOut } from "./gaps";

/** Name of the override file written beside each stack's cdk.tf.json. */
export const OVERRIDE_FILE = "emulator_override.tf.json";
/** Retries of the emulated provider: enough for moto's eventual consistency, few for its 500s. */
export const EMULATED_MAX_RETRIES = 2;

/* eslint-disable @typescript-eslint/no-explicit-any */
function asList(value: any): any[] {
  return Array.isArray(value) ? value : value ? [value] : [];
}

/** The override file for one synthesized stack (see the module comment). */
export function emulatorOverride(
  stack: StackJson,
  leftOut: readonly string[] = resourcesLeftOut(GAPS),
): StackJson {
  const override: StackJson = {};
  const providers = asList(stack.provider?.aws).map((p) => ({
    ...(p.alias ? { alias: p.alias } : {}),
    max_retries: EMULATED_MAX_RETRIES,
    s3_use_path_style: true,
    skip_metadata_api_check: true,
  }));
  if (providers.length > 0) override.provider = { aws: providers };

  const backend = stack.terraform?.backend?.s3;
  if (backend)
    override.terraform = {
      backend: { s3: { ...backend, use_path_style: true } },
    };
  const local = stack.terraform?.backend?.local;
  if (local?.path)
    override.terraform = {
      backend: {
        local: {
          ...local,
          path: path.posix.join("../../..", path.posix.basename(local.path)),
        },
      },
    };

  const remote: Record<string, StackJson> = {};
  for (const [name, source] of Object.entries<StackJson>(
    stack.data?.terraform_remote_state ?? {},
  )) {
    if (source.backend !== "s3") continue;
    remote[name] = { config: { ...source.config, use_path_style: true } };
  }
  if (Object.keys(remote).length > 0)
    override.data = { terraform_remote_state: remote };

  const resources: Record<string, Record<string, StackJson>> = {};
  for (const type of leftOut) {
    for (const name of Object.keys(stack.resource?.[type] ?? {})) {
      resources[type] = { ...resources[type], [name]: { count: 0 } };
    }
  }
  if (Object.keys(resources).length > 0) override.resource = resources;
  return override;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * Copies `source` (a synthesized output folder: manifest.json and
 * stacks/<name>/cdk.tf.json, read by the one manifest reader,
 * tools/manifest.ts) to `target` and writes each stack's override file; a
 * stack folder's `.terraform` and state of an earlier copy are kept, so
 * re-running against the same emulator needs no fresh init. A missing or
 * corrupt manifest or stack JSON is the reader's one-line error, and
 * nothing is written. Returns `target`.
 */
export function writeEmulatedCopy(source: string, target: string): string {
  const root = path.resolve(source);
  const stacks = readManifest(root).map((stack) => ({
    stack,
    json: readStackJson(stack),
  }));
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(
    path.join(root, "manifest.json"),
    path.join(target, "manifest.json"),
  );
  for (const { stack, json } of stacks) {
    const dir = path.join(target, path.relative(root, stack.dir));
    fs.mkdirSync(dir, { recursive: true });
    const jsonCopy = path.join(target, path.relative(root, stack.jsonPath));
    fs.mkdirSync(path.dirname(jsonCopy), { recursive: true });
    fs.copyFileSync(stack.jsonPath, jsonCopy);
    fs.writeFileSync(
      path.join(dir, OVERRIDE_FILE),
      `${JSON.stringify(emulatorOverride(json), null, 2)}\n`,
    );
  }
  return target;
}
