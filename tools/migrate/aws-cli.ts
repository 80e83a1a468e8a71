/** The AWS CLI as `npm run migrate` calls it: arguments in, parsed JSON out. */
import { execFile } from "child_process";

/** Runs the AWS CLI: arguments → parsed JSON output (throws on a non-zero exit). */
export type AwsCli = (args: readonly string[]) => Promise<unknown>;

/** The AWS CLI through `aws ... --region <region> --output json`. */
export function awsCli(region: string, env = process.env): AwsCli {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(
        "aws",
        [...args, "--region", region, "--output", "json"],
        { env, maxBuffer: 64 * 1024 * 1024 },
        (error, stdout, stderr) => {
          if (error) {
            reject(
              new Error(
                `aws ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`,
              ),
            );
            return;
          }
          try {
            resolve(stdout.trim() === "" ? {} : JSON.parse(stdout));
          } catch {
            reject(
              new Error(
                `aws ${args.slice(0, 2).join(" ")}: output is not JSON`,
              ),
            );
          }
        },
      );
    });
}
