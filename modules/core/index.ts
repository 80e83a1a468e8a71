/** What every service folder shares: how a construct checks its props. */
export * from "./prop-checks";
