/**
 * The state, evaluated with iam-simulate: the state roles reach only their
 * environment's prefix, the read role never writes; the state bucket
 * refuses plain HTTP. (The CI roles' OIDC trust is not evaluated here:
 * iam-simulate 0.1.173 drops `token.actions.githubusercontent.com:*` keys
 * as unknown to the action, so every token would be refused; the trust's
 * exact sub and aud conditions are tested in
 * __tests__/modules/delivery/github-actions-role.test.ts; docs/access.md.)
 */
import { PIPELINE_CONFIG } from "../../config";
import { asRole } from "../support/access-simulate";
import { mismatches, model, role } from "./matrix";

describe.each(["development", "production"])("state access of %s", (env) => {
  const m = () => model(env);
  const other = env === "production" ? "development" : "production";

  describe("state", () => {
    const state = PIPELINE_CONFIG.state;
    const bucket = `arn:aws:s3:::${state.bucket}`;
    const access = () => role(m(), `financial-pipeline-tfstate-${env}`);
    const read = () => role(m(), `financial-pipeline-tfstate-${env}-read`);
    const own = `${bucket}/${env}/financial-pipeline-${env}-vpc.tfstate`;
    const foreign = `${bucket}/${other}/financial-pipeline-${other}-vpc.tfstate`;
    const tls = { "aws:SecureTransport": "true" };
    const on = (
      r: ReturnType<typeof access>,
      action: string,
      resource: string,
      context: Record<string, string> = tls,
    ) =>
      asRole(r, action, resource, {
        context,
        resourceAccount: state.accountId,
        resourcePolicy: m().bucketPolicies[state.bucket!],
      });

    it("GIVEN the state roles WHEN they use their own prefix over TLS THEN the access role reads and writes, the read role reads", async () => {
      expect(
        await mismatches(true, [
          on(access(), "s3:GetObject", own),
          on(access(), "s3:PutObject", own),
          on(access(), "s3:PutObject", `${own}.tflock`),
          on(read(), "s3:GetObject", own),
        ]),
      ).toEqual([]);
    });

    it("GIVEN the state roles WHEN they write a lock or state file, or reach another prefix THEN each is denied", async () => {
      expect(
        await mismatches(false, [
          on(read(), "s3:PutObject", own),
          on(read(), "s3:PutObject", `${own}.tflock`),
          on(read(), "s3:DeleteObject", `${own}.tflock`),
          on(read(), "s3:GetObject", foreign),
          on(access(), "s3:GetObject", foreign),
          on(access(), "s3:PutObject", foreign),
        ]),
      ).toEqual([]);
    });

    it("GIVEN the access role WHEN it reads its own state over plain HTTP THEN the bucket policy denies it", async () => {
      expect(
        await mismatches(false, [
          on(access(), "s3:GetObject", own, { "aws:SecureTransport": "false" }),
        ]),
      ).toEqual([]);
    });
  });
});
