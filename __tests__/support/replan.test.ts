import * as fs from "fs";
import * as path from "path";
import { Gap } from "../../tools/emulator/gaps";
import { isAllowed, plannedChanges, typeOf } from "./replan";

/**
 * A second plan's replacement of an ECS service as measured on moto 5.2.1
 * with the AWS provider 5.100.0 (`terraform show -json`, the service's
 * entry only): the api stack's service settings, two capacity providers.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const measuredReplacement = (): any =>
  JSON.parse(
    fs.readFileSync(
      path.join(__dirname, "fixtures", "ecs-service-replacement.plan.json"),
      "utf8",
    ),
  );

const gap = (over: Partial<Gap>): Gap => ({
  id: "g",
  kind: "idempotency",
  resource: "aws_ecs_service",
  attributes: ["capacity_provider_strategy"],
  limitation: "not returned",
  ...over,
});

describe("isAllowed", () => {
  it("GIVEN an update of a listed attribute WHEN checked THEN it is allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["update"],
          attributes: ["capacity_provider_strategy"],
        },
        [gap({})],
      ),
    ).toBe(true);
  });

  it("GIVEN an update of a listed and an unlisted attribute WHEN checked THEN it is not allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["update"],
          attributes: ["capacity_provider_strategy", "desired_count"],
        },
        [gap({})],
      ),
    ).toBe(false);
  });

  it("GIVEN a replacement WHEN its gap does not replace THEN it is not allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["delete", "create"],
          attributes: ["capacity_provider_strategy"],
        },
        [gap({})],
      ),
    ).toBe(false);
  });

  it("GIVEN a gap that forces a replacement WHEN a refresh shows its attribute as an update (drift) THEN that is allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["update"],
          attributes: ["capacity_provider_strategy"],
        },
        [gap({ replaces: true })],
      ),
    ).toBe(true);
  });

  it("GIVEN a replacement forced by a listed attribute WHEN the rest is known only after apply THEN it is allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["delete", "create"],
          attributes: ["capacity_provider_strategy", "id", "launch_type"],
          knownAfterApply: ["id", "launch_type"],
        },
        [gap({ replaces: true })],
      ),
    ).toBe(true);
  });

  it("GIVEN a replacement forced by a listed attribute WHEN another attribute changes to a known value THEN it is not allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["delete", "create"],
          attributes: ["capacity_provider_strategy", "desired_count", "id"],
          knownAfterApply: ["id"],
        },
        [gap({ replaces: true, computedOnReplace: ["desired_count"] })],
      ),
    ).toBe(false);
  });

  it("GIVEN a replacement whose finding does not say what is known after apply (a drift report) WHEN checked THEN the gap's computedOnReplace decides", () => {
    const replacing = gap({ replaces: true, computedOnReplace: ["id"] });
    const finding = (attributes: string[]) => ({
      address: "aws_ecs_service.service",
      actions: ["delete", "create"],
      attributes,
    });
    expect([
      isAllowed(finding(["capacity_provider_strategy", "id"]), [replacing]),
      isAllowed(finding(["capacity_provider_strategy", "desired_count"]), [
        replacing,
      ]),
    ]).toEqual([true, false]);
  });

  it("GIVEN a replacement WHEN the forcing attribute is not among the changed ones THEN it is not allowed", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["delete", "create"],
          attributes: ["id"],
          knownAfterApply: ["id"],
        },
        [gap({ replaces: true })],
      ),
    ).toBe(false);
  });

  it("GIVEN another resource type WHEN checked THEN the gap does not apply", () => {
    expect(
      isAllowed(
        {
          address: "aws_ecs_task_definition.task",
          actions: ["update"],
          attributes: ["capacity_provider_strategy"],
        },
        [gap({})],
      ),
    ).toBe(false);
  });
});

describe("plannedChanges and isAllowed on the measured ECS service replacement", () => {
  it("GIVEN the replacement as moto's second plan shows it WHEN checked against the gap list THEN it is allowed", () => {
    const [change] = plannedChanges(measuredReplacement());
    expect({ actions: change.actions, allowed: isAllowed(change) }).toEqual({
      actions: ["delete", "create"],
      allowed: true,
    });
  });

  it("GIVEN the same replacement WHEN the task definition also changes (a real change) THEN it is not allowed", () => {
    const plan = measuredReplacement();
    plan.resource_changes[0].change.after.task_definition =
      "arn:aws:ecs:af-south-1:123456789012:task-definition/t:3";
    const [change] = plannedChanges(plan);
    expect({
      task: change.attributes.includes("task_definition"),
      allowed: isAllowed(change),
    }).toEqual({ task: true, allowed: false });
  });

  it("GIVEN the same replacement WHEN a computed attribute is planned with a known new value THEN it is not allowed", () => {
    const plan = measuredReplacement();
    plan.resource_changes[0].change.after.platform_version = "1.3.0";
    plan.resource_changes[0].change.after_unknown.platform_version = false;
    expect(isAllowed(plannedChanges(plan)[0])).toBe(false);
  });

  it("GIVEN the replacement WHEN its attributes are read THEN those left to the create are the unknown and unset ones", () => {
    const [change] = plannedChanges(measuredReplacement());
    expect(change.knownAfterApply).toEqual([
      "iam_role",
      "id",
      "launch_type",
      "platform_version",
      "tags",
      "triggers",
    ]);
  });
});

describe("typeOf", () => {
  it.each([
    ["aws_vpc.main", "aws_vpc"],
    ["aws_subnet.private[0]", "aws_subnet"],
    ["module.network.aws_vpc.main", "aws_vpc"],
  ])("GIVEN %s WHEN read THEN the type is %s", (address, type) => {
    expect(typeOf(address)).toBe(type);
  });
});
