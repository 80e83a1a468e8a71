// Adds cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...)
// and their types, and the isolation guard (project-guard.ts).
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { guardError, Listing, projectListing } from "./project-guard";

Testing.setupJest();

let before: Listing;
beforeAll(() => (before = projectListing()));
afterAll(() => {
  const error = guardError(before, projectListing());
  if (error) throw error;
});
