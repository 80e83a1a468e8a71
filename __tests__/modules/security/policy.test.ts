import {
  policyDocument,
  serviceTrustPolicy,
  trustPolicy,
} from "../../../modules/security/policy";

describe("policy helpers", () => {
  it("GIVEN statements WHEN rendered THEN the document has version 2012-10-17 and them in order", () => {
    const doc = JSON.parse(
      policyDocument([
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
        },
      ]),
    );
    expect(doc).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
        },
      ],
    });
  });

  it("GIVEN a principal WHEN a trust policy is rendered THEN it allows sts:AssumeRole and names no resource", () => {
    const [statement] = JSON.parse(
      trustPolicy({ AWS: "arn:aws:iam::123456789012:root" }),
    ).Statement;
    expect(statement).toEqual({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "sts:AssumeRole",
    });
  });

  it("GIVEN a service WHEN its trust policy is rendered THEN only that service of the account may assume", () => {
    const [statement] = JSON.parse(
      serviceTrustPolicy("monitoring.rds.amazonaws.com", "123456789012"),
    ).Statement;
    expect(statement).toEqual({
      Effect: "Allow",
      Principal: { Service: "monitoring.rds.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
  });
});
