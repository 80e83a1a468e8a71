import { Gap } from "../../../tools/emulator/gaps";
import { isAllowed, typeOf } from "../../../tools/emulator/replan";

const gap = (over: Partial<Gap>): Gap => ({
  id: "g",
  kind: "idempotency",
  resource: "aws_ecs_service",
  attributes: ["capacity_provider_strategy"],
  limitation: "not returned",
  probe: "present = True",
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

  it("GIVEN a gap that forces a replacement WHEN a refresh shows its attribute as an update (drift) THEN that is allowed too", () => {
    const replacing = gap({ replaces: true });
    expect([
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["delete", "create"],
          attributes: ["capacity_provider_strategy", "launch_type"],
        },
        [replacing],
      ),
      isAllowed(
        {
          address: "aws_ecs_service.service",
          actions: ["update"],
          attributes: ["capacity_provider_strategy"],
        },
        [replacing],
      ),
    ]).toEqual([true, true]);
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

describe("typeOf", () => {
  it.each([
    ["aws_vpc.main", "aws_vpc"],
    ["aws_subnet.private[0]", "aws_subnet"],
    ["module.network.aws_vpc.main", "aws_vpc"],
  ])("GIVEN %s WHEN read THEN the type is %s", (address, type) => {
    expect(typeOf(address)).toBe(type);
  });
});
