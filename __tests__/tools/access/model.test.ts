import { resolver, UNRESOLVED } from "../../../tools/access/model";

describe("resolver", () => {
  const resolve = resolver(
    { resource: { aws_iam_role: { task: { name: "app-task" } } } },
    "111111111111",
    "af-south-1",
  );

  it("GIVEN a reference to a role of the stack WHEN resolved THEN it becomes the role's ARN", () => {
    expect(resolve('{"Resource":"${aws_iam_role.task.arn}"}')).toBe(
      '{"Resource":"arn:aws:iam::111111111111:role/app-task"}',
    );
  });

  it("GIVEN a function call with quoted arguments inside a policy WHEN resolved THEN the document stays JSON, the call a stand-in", () => {
    const policy =
      '{"Resource":"arn:aws:rds-db:af-south-1:111111111111:dbuser:${element(split(":", data.x.outputs.arn), 6)}/app"}';
    expect(JSON.parse(resolve(policy))).toEqual({
      Resource: `arn:aws:rds-db:af-south-1:111111111111:dbuser:${UNRESOLVED}/app`,
    });
  });
});
