/**
 * The isolation guard: what the tools generate in the project (its
 * `.scratch/`, `cdktf.out/`, `state-backups/`, `.terraform/` and state files
 * at the root) must be the same after a test file as before it. The global
 * setup points TMPDIR and PIPELINE_SCRATCH_DIR into the run folder, so a test
 * or a tool a test runs that still writes there writes where another test
 * file, the lifecycle or the user's own `npm run …` reads. Setup (setup.ts)
 * lists before each test file and fails the file in afterAll.
 */
import * as fs from "fs";
import * as path from "path";

/** The project root. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** Folders below the root whose every entry is watched. */
export const WATCHED_FOLDERS: readonly string[] = [
  ".scratch",
  "cdktf.out",
  "state-backups",
  ".terraform",
];
/**
 * Left out: TypeScript's build info (`tsconfig.json` keeps it in
 * `.scratch/tsc`), rewritten by every `npx tsc` you run while the suite runs;
 * no test runs the compiler.
 */
const UNWATCHED: readonly string[] = [path.join(".scratch", "tsc")];
/** Files directly in the root that are watched: Terraform state and lock files. */
const WATCHED_ROOT_FILE = /\.tfstate|^\.terraform\.lock\.hcl$/;

/** Path relative to the root → what identifies its current content (size and mtime; a link's target). */
export type Listing = ReadonlyMap<string, string>;

function stamp(file: string): string {
  const stat = fs.lstatSync(file);
  if (stat.isSymbolicLink()) return `link → ${fs.readlinkSync(file)}`;
  if (stat.isDirectory()) return "folder";
  return `${stat.size} bytes, mtime ${stat.mtimeMs}`;
}

/** The watched entries of `root`, symbolic links not followed. */
export function projectListing(root: string = PROJECT_ROOT): Listing {
  const listing = new Map<string, string>();
  const walk = (relative: string) => {
    if (UNWATCHED.includes(relative)) return;
    const full = path.join(root, relative);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(full, { withFileTypes: true });
    } catch {
      return; // absent, or removed while listed
    }
    listing.set(relative, "folder");
    for (const entry of entries) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else {
        try {
          listing.set(child, stamp(path.join(root, child)));
        } catch {
          // removed while listed: the next listing shows it as gone
        }
      }
    }
  };
  WATCHED_FOLDERS.forEach(walk);
  for (const entry of fs.readdirSync(root)) {
    if (WATCHED_ROOT_FILE.test(entry))
      listing.set(entry, stamp(path.join(root, entry)));
  }
  return listing;
}

/** Every entry added, changed or removed between two listings, as "path: what", sorted. */
export function listingChanges(before: Listing, after: Listing): string[] {
  const changes: string[] = [];
  for (const [entry, now] of after) {
    const was = before.get(entry);
    if (was === undefined) changes.push(`${entry}: added`);
    else if (was !== now) changes.push(`${entry}: changed`);
  }
  for (const entry of before.keys())
    if (!after.has(entry)) changes.push(`${entry}: removed`);
  return changes.sort();
}

/** The error a test file gets when it changed the project, or undefined. */
export function guardError(before: Listing, after: Listing): Error | undefined {
  const changes = listingChanges(before, after);
  if (changes.length === 0) return undefined;
  const shown = changes.slice(0, 10).join("; ");
  const more = changes.length > 10 ? ` (and ${changes.length - 10} more)` : "";
  return new Error(
    `While this test file ran, the project's generated files changed: ${shown}${more}. ` +
      "A test writes only inside its own temporary folder (docs/testing.md, Isolation); " +
      "if you ran an npm command in this project meanwhile, run the file again.",
  );
}
