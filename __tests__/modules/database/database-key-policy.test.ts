import {
  RDS_KEY_ACTIONS,
  SECRETS_MANAGER_KEY_ACTIONS,
  viaServiceStatement,
} from "../../../modules/database/database-key-policy";

describe("viaServiceStatement", () => {
  it("GIVEN a service and region WHEN built THEN it allows the account's principals through that service only", () => {
    expect(
      viaServiceStatement(
        "UseThroughRds",
        "rds",
        "af-south-1",
        "123456789012",
        ["kms:Decrypt"],
      ),
    ).toEqual({
      Sid: "UseThroughRds",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt"],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": "123456789012",
          "kms:ViaService": "rds.af-south-1.amazonaws.com",
        },
      },
    });
  });

  it("GIVEN the action lists WHEN read THEN no service may administer or delete the key", () => {
    const all = [...RDS_KEY_ACTIONS, ...SECRETS_MANAGER_KEY_ACTIONS];
    expect(
      all.filter(
        (a) =>
          /Delete|Disable|Put|Schedule|Update|\*$/.test(a) &&
          !/ReEncrypt\*|GenerateDataKey\*/.test(a),
      ),
    ).toEqual([]);
  });
});
