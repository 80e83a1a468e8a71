/** A parsed IPv4 CIDR block: first and last address as unsigned integers. */
export interface CidrRange {
  readonly first: number;
  readonly last: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns undefined when the text is not an IPv4 CIDR
 * block or has host bits set (`10.0.1.0/16`), which AWS rejects too.
 */
export function parseCidr(text: string): CidrRange | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) return undefined;
  return { first: address, last: address + size - 1, prefixLength };
}

/** True when `inner` lies wholly inside `outer`. */
export function cidrContains(outer: CidrRange, inner: CidrRange): boolean {
  return inner.first >= outer.first && inner.last <= outer.last;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: CidrRange, b: CidrRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0]
    .map((shift) => Math.floor(address / 2 ** shift) % 256)
    .join(".");
}

/**
 * The `netNum`-th block of `newBits` more bits inside `cidr`, as Terraform's
 * `cidrsubnet(cidr, newBits, netNum)` computes it; undefined when `cidr` is
 * not a CIDR block or the block does not fit.
 */
export function cidrSubnet(
  cidr: string,
  newBits: number,
  netNum: number,
): string | undefined {
  const range = parseCidr(cidr);
  if (range === undefined) return undefined;
  const prefixLength = range.prefixLength + newBits;
  if (prefixLength > 32 || netNum < 0 || netNum >= 2 ** newBits)
    return undefined;
  const first = range.first + netNum * 2 ** (32 - prefixLength);
  return `${formatAddress(first)}/${prefixLength}`;
}
