/** Terraform resource addresses of synthesized stacks, for the address regression test. */
import * as fs from "fs";
import * as path from "path";
import { StackJson } from "../../tools/offline-plan";

/**
 * Every address a stack's plan would manage or read, sorted:
 * `aws_vpc.network_vpc_1A2B3C4D` for resources, `data.<type>.<name>` for
 * data sources. A changed address is a destroy and re-create in Terraform.
 */
export function resourceAddresses(stack: StackJson): string[] {
  const addresses: string[] = [];
  for (const [prefix, block] of [
    ["", stack.resource],
    ["data.", stack.data],
  ] as const) {
    for (const [type, byName] of Object.entries(block ?? {})) {
      for (const name of Object.keys(byName as object))
        addresses.push(`${prefix}${type}.${name}`);
    }
  }
  return addresses.sort();
}

/** Folder of the checked-in address lists, one `<stack>.txt` per stack. */
export const ADDRESS_LIST_DIR = path.join(
  __dirname,
  "..",
  "stacks",
  "resource-addresses",
);

/** The checked-in addresses of a stack, or undefined when it has no list. */
export function readAddressList(stack: string): string[] | undefined {
  const file = path.join(ADDRESS_LIST_DIR, `${stack}.txt`);
  if (!fs.existsSync(file)) return undefined;
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/** Writes a stack's address list (UPDATE_ADDRESSES=1). */
export function writeAddressList(stack: string, addresses: string[]): void {
  fs.mkdirSync(ADDRESS_LIST_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(ADDRESS_LIST_DIR, `${stack}.txt`),
    `${addresses.join("\n")}\n`,
  );
}
