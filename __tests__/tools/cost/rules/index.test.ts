import {
  FREE_TYPES,
  Rule,
  RULES,
  ruleTables,
  SERVICES,
  ServiceRules,
} from "../../../../tools/cost/rules";

const rule: Rule = () => ({ free: "test" });
const service = (
  priced: Record<string, Rule>,
  free: Record<string, string> = {},
): ServiceRules => ({ priced, free });

describe("ruleTables", () => {
  it("GIVEN every service's rules WHEN tabled THEN each type is found under exactly one service", () => {
    const count = (type: string) =>
      SERVICES.filter((s) => type in s.priced || type in s.free).length;
    const types = [...Object.keys(RULES), ...Object.keys(FREE_TYPES)];
    expect(types.filter((t) => count(t) !== 1)).toEqual([]);
    expect(types.length).toBe(
      SERVICES.reduce(
        (n, s) => n + Object.keys(s.priced).length + Object.keys(s.free).length,
        0,
      ),
    );
  });

  it("GIVEN two services that price the same type WHEN tabled THEN it throws naming the type", () => {
    expect(() =>
      ruleTables([service({ aws_lb: rule }), service({ aws_lb: rule })]),
    ).toThrow("aws_lb is priced twice");
  });

  it("GIVEN two services that list the same type as free WHEN tabled THEN it throws naming the type", () => {
    expect(() =>
      ruleTables([
        service({}, { aws_vpc: "a" }),
        service({}, { aws_vpc: "b" }),
      ]),
    ).toThrow("aws_vpc is listed as free twice");
  });

  it("GIVEN a type one service prices and another lists as free WHEN tabled THEN it throws naming the type", () => {
    expect(() =>
      ruleTables([service({ aws_eip: rule }), service({}, { aws_eip: "x" })]),
    ).toThrow("aws_eip is both priced and free");
  });
});
