/**
 * Account separation: state isolation (each environment's state role
 * reaches only its prefix, each provider only its account) holds only when
 * the state account is none of the environment accounts and no two
 * environments share one. `state.allowSharedAccounts` lifts both rules, for
 * a single-account trial (docs/access.md).
 */
import { Problems } from "./errors";
import { ENVIRONMENT_NAMES, StateSettings } from "./types";

/** Records a state account equal to an environment's, and two environments sharing an account. */
export function validateAccounts(problems: Problems, s: StateSettings): void {
  if (s.allowSharedAccounts === true) return;
  const seen = new Map<string, string>();
  for (const name of ENVIRONMENT_NAMES) {
    const account = s.environmentAccounts[name];
    problems.check(
      account !== s.accountId,
      `state.environmentAccounts.${name}`,
      account,
      "is the state account: an environment's credentials would reach every environment's state (set state.allowSharedAccounts to allow it)",
    );
    const other = seen.get(account);
    problems.check(
      other === undefined,
      `state.environmentAccounts.${name}`,
      account,
      `is ${other}'s account too: one environment's roles would act on the other's resources (set state.allowSharedAccounts to allow it)`,
    );
    seen.set(account, name);
  }
}
