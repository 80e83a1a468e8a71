import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENVIRONMENT_NAMES, loadConfig, PipelineConfig } from "../../../config";
import { settingDocs } from "../../../tools/docs-settings/descriptions";
import {
  END_MARKER,
  generatedPart,
  SETTINGS_DOC,
  staleLines,
} from "../../../tools/docs-settings/document";
import {
  renderTables,
  settingsTables,
} from "../../../tools/docs-settings/tables";
import { formatValue } from "../../../tools/docs-settings/values";
import { configWith } from "../../support/config";

const ROOT = path.join(__dirname, "..", "..", "..");
const DOC = path.join(ROOT, SETTINGS_DOC);

// One read of the configuration types' JSDoc for every test (the TypeScript compiler, ~0.3 s).
const DOCS = {
  environment: settingDocs("EnvironmentConfig"),
  shared: settingDocs("LoadedConfig"),
};

function tablesOf(config?: PipelineConfig): string {
  return renderTables(
    settingsTables(loadConfig(config, [...ENVIRONMENT_NAMES]), DOCS),
  );
}

/** The cells of the row of `setting` in the table titled `title` of rendered Markdown. */
function rowOf(markdown: string, title: string, setting: string): string[] {
  const section = markdown.split(/^### /m).find((s) => s.startsWith(title));
  const line = section
    ?.split("\n")
    .find((l) => l.replace(/\*/g, "").startsWith(`| \`${setting}\` |`));
  if (!line) throw new Error(`no row ${setting} in table ${title}`);
  return line
    .slice(1, -1)
    .split(" | ")
    .map((c) => c.trim());
}

describe("settings tables (docs/settings.md)", () => {
  it("GIVEN the checked-in configuration WHEN the tables are rendered THEN docs/settings.md holds exactly them (run `npm run docs:settings` when this fails)", () => {
    const document = fs.readFileSync(DOC, "utf8");
    expect(staleLines(document, SETTINGS_DOC, tablesOf())).toEqual({
      expected: [],
      actual: [],
    });
  });

  it("GIVEN production's backup retention changed WHEN the tables are rendered THEN its row shows the new value and the checked-in tables are stale", () => {
    const changed = tablesOf(
      configWith(
        (c) => (c.environments.production.database.backupRetentionDays = 14),
      ),
    );
    const [, development, staging, production] = rowOf(
      changed,
      "`database`",
      "backupRetentionDays",
    );
    expect({ development, staging, production }).toEqual({
      development: "1",
      staging: "3",
      production: "14",
    });
    const document = fs.readFileSync(DOC, "utf8");
    expect(
      staleLines(document, SETTINGS_DOC, changed).expected.length,
    ).toBeGreaterThan(0);
  });

  it("GIVEN a setting no table knows of WHEN the tables are rendered THEN it gets a row without a change to the generator", () => {
    const loaded = loadConfig(undefined, [...ENVIRONMENT_NAMES]);
    const withNewSetting = {
      ...loaded,
      environments: loaded.environments.map((e) => ({
        ...e,
        network: {
          ...e.network,
          transitGatewayAttachment: e.name !== "development",
        },
      })),
    };
    expect(
      rowOf(
        renderTables(settingsTables(withNewSetting, DOCS)),
        "`network`",
        "transitGatewayAttachment",
      ),
    ).toEqual(["**`transitGatewayAttachment`**", "false", "true", "true", ""]);
  });

  it("GIVEN an optional setting that no environment sets WHEN rendered THEN it still has a row, unset in every column", () => {
    const loaded = loadConfig(undefined, [...ENVIRONMENT_NAMES]);
    const withoutDr = {
      ...loaded,
      environments: loaded.environments.map((e) => {
        // eslint-disable-next-line @typescript-eslint/no-unused-vars
        const { drRegion, drBackupRetentionDays, ...database } = e.database;
        return { ...e, database };
      }),
    };
    expect(
      rowOf(
        renderTables(settingsTables(withoutDr, DOCS)),
        "`database`",
        "drRegion",
      ).slice(0, 4),
    ).toEqual(["`drRegion`", "—", "—", "—"]);
  });

  it("GIVEN a setting that differs between environments WHEN rendered THEN its name is bold, and one that does not stays plain", () => {
    const tables = tablesOf();
    expect([
      rowOf(tables, "`database`", "instanceClass")[0],
      rowOf(tables, "`database`", "engineVersion")[0],
    ]).toEqual(["**`instanceClass`**", "`engineVersion`"]);
  });

  it("GIVEN a setting with JSDoc in the configuration types WHEN rendered THEN its first sentence is the Meaning column", () => {
    expect(rowOf(tablesOf(), "`network`", "vpcCidr").at(-1)).toBe(
      "The VPC's CIDR block; must be a /16.",
    );
  });

  it.each([
    [undefined, "—"],
    ["", "none"],
    [[], "none"],
    [["a", "b"], "a, b"],
    [
      [{ port: 21, protocol: "tcp" }, { port: 22 }],
      "port: 21, protocol: tcp; port: 22",
    ],
    ["a|b", "a\\|b"],
    [false, "false"],
  ])(
    "GIVEN the value %j WHEN formatted as a cell THEN it reads %j",
    (value, cell) => {
      expect(formatValue(value)).toBe(cell);
    },
  );

  it("GIVEN an invalid configuration WHEN the tables are rendered THEN it fails naming the setting", () => {
    expect(() =>
      tablesOf(
        configWith(
          (c) => (c.environments.staging.network.vpcCidr = "10.0.0.0/20"),
        ),
      ),
    ).toThrow(/staging\.network\.vpcCidr/);
  });

  it("GIVEN a document without the markers WHEN its generated part is read THEN the error names the file and the markers", () => {
    expect(() => generatedPart("# Settings\n", "docs/x.md")).toThrow(
      new RegExp(`docs/x\\.md: the markers .*${END_MARKER}`),
    );
  });

  // The command runs Prettier, which loads as ESM: it runs as a child process, not inside Jest.
  const command = (args: string[]) =>
    execFileSync(
      process.execPath,
      [
        "-r",
        "ts-node/register/transpile-only",
        path.join(ROOT, "tools", "docs-settings", "cli.ts"),
        ...args,
      ],
      { cwd: ROOT, encoding: "utf8", stdio: "pipe" },
    );

  it("GIVEN a stale copy of the document WHEN `npm run docs:settings -- --check` runs on it THEN it exits 1 and leaves the file as it was; without --check it rewrites it to the current tables", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "settings-tables-"));
    try {
      const file = path.join(dir, "settings.md");
      const current = fs.readFileSync(DOC, "utf8");
      const stale = current.replace(
        /(\| \*\*`backupRetentionDays`\*\* +\| 1 +\| 3 +\| )7 /,
        (_, before) => `${before}35`,
      );
      expect(stale).not.toBe(current);
      fs.writeFileSync(file, stale);

      let failure: { status?: number; stderr?: string } = {};
      try {
        command(["--check", "--file", file]);
      } catch (error) {
        failure = error as typeof failure;
      }
      expect({
        status: failure.status,
        stale: /settings tables are stale; run `npm run docs:settings`/.test(
          failure.stderr ?? "",
        ),
        untouched: fs.readFileSync(file, "utf8") === stale,
      }).toEqual({ status: 1, stale: true, untouched: true });

      command(["--file", file]);
      expect(fs.readFileSync(file, "utf8")).toBe(current);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
