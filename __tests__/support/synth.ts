/** Reading synthesized Terraform JSON in tests. */
import { StackJson } from "../../tools/offline-plan";

/** Parses the output of Testing.synth / synthScope. */
export function parse(synthesized: string): StackJson {
  return JSON.parse(synthesized) as StackJson;
}

/** The resources of one type: logical name → configuration. */
export function resourcesOf(
  json: StackJson,
  type: string,
): Record<string, StackJson> {
  return json.resource?.[type] ?? {};
}

/** The configurations of one resource type, in synthesis order. */
export function listOf(json: StackJson, type: string): StackJson[] {
  return Object.values(resourcesOf(json, type));
}

/** The logical name of the resource an interpolation like `${aws_vpc.x.id}` points at. */
export function referencedName(expression: string): string | undefined {
  return /^\$\{[a-z0-9_]+\.([^.]+)\./.exec(expression)?.[1];
}
