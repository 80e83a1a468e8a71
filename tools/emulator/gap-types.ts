/**
 * The shape of an entry of the emulator gap list (gaps.ts), kept apart from
 * the entries so that the files holding them and gaps.ts import it without a
 * cycle.
 */

/** What the emulated run does about a gap (see gaps.ts). */
export type GapKind =
  | "shim"
  | "left-out"
  | "idempotency"
  | "destroy"
  | "not-enforced"
  | "listed-after-delete";

/** One thing moto 5.2.1 does differently from AWS. */
export interface Gap {
  /** Stable id; for shims, the section name in moto_server.py (`shim:<id>`). */
  readonly id: string;
  readonly kind: GapKind;
  /** The Terraform resource type concerned (or the API call, for a shim). */
  readonly resource: string;
  /**
   * Attributes that differ (idempotency gaps: exactly those may show in a
   * second plan).
   * @default - the whole resource
   */
  readonly attributes?: readonly string[];
  /**
   * Idempotency gaps: the change is a replacement (delete, create) forced by
   * `attributes`. Beside them, the replacement may change only the type's
   * other listed attributes and what the plan leaves to the create (known
   * after apply, see replan.ts).
   * @default false
   */
  readonly replaces?: boolean;
  /**
   * `replaces` gaps: the attributes the replacement's create leaves to AWS,
   * measured in the plan JSON (`after_unknown`, or no value). Used only for
   * a finding that does not say which of its attributes the plan knows only
   * after apply (a drift report); a second plan's findings say it.
   * @default []
   */
  readonly computedOnReplace?: readonly string[];
  /**
   * What moto does, measured. The probe that checks it against plain moto
   * is `tools/emulator/probes/<id>.py`.
   */
  readonly limitation: string;
}
