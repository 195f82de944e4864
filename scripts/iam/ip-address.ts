/**
 * IpAddress and NotIpAddress: an IPv4 or IPv6 address against a CIDR block (a bare address is a /32 or
 * /128), as `aws:SourceIp` conditions use them.
 */

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function ipv6(text: string): bigint | undefined {
  if (!/^[0-9a-f:]+$/i.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function address(text: string): { value: bigint; bits: number } | undefined {
  const v4 = ipv4(text);
  if (v4 !== undefined) return { value: v4, bits: 32 };
  const v6 = ipv6(text);
  return v6 === undefined ? undefined : { value: v6, bits: 128 };
}

export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, prefixText] = cidr.split('/');
  const a = address(ip.trim());
  const b = address(base.trim());
  if (!a || !b || a.bits !== b.bits) return false;
  const prefix = prefixText === undefined ? b.bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > b.bits) return false;
  const shift = BigInt(b.bits - prefix);
  return a.value >> shift === b.value >> shift;
}
