/**
 * IP addresses as staff read them. The audit log stores what better-auth's getIP returns: IPv6
 * written out in full and masked to its /64 (so `::1` is stored as eight groups of zeros). The
 * table shows the short form (RFC 5952), loopback as "local", and the stored value on hover;
 * the filter accepts any of those spellings.
 */

type Parsed = { v: 4; parts: number[] } | { v: 6; groups: number[] };

function parseV4(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function parseV6(text: string): number[] | null {
  let s = text.toLowerCase();
  if (s.includes("%")) s = s.slice(0, s.indexOf("%"));
  // An embedded IPv4 tail (::ffff:127.0.0.1) counts as the last two groups.
  const tail = s.match(/:(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (tail) {
    const v4 = parseV4(tail[1] as string);
    if (!v4) return null;
    s = `${s.slice(0, -(tail[1] as string).length)}${((v4[0] as number) * 256 + (v4[1] as number)).toString(16)}:${((v4[2] as number) * 256 + (v4[3] as number)).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const side = (h: string | undefined) => (h ? h.split(":") : []);
  const head = side(halves[0]);
  const rest = side(halves[1]);
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...rest].map((g) => Number.parseInt(g, 16));
}

function parseIp(text: string): Parsed | null {
  const t = text.trim();
  const v4 = parseV4(t);
  if (v4) return { v: 4, parts: v4 };
  const groups = t.includes(":") ? parseV6(t) : null;
  if (!groups) return null;
  // IPv4-mapped (::ffff:a.b.c.d) is an IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6] as number, groups[7] as number];
    return { v: 4, parts: [hi >> 8, hi & 255, lo >> 8, lo & 255] };
  }
  return { v: 6, groups };
}

/** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups as "::". */
function compressV6(groups: number[]): string {
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.start < 0) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

const expandV6 = (groups: number[]) => groups.map((g) => g.toString(16).padStart(4, "0")).join(":");

/** Loopback (127/8, ::1) and "::", which is what ::1 becomes once masked to its /64. */
function isLocal(ip: Parsed): boolean {
  if (ip.v === 4) return ip.parts[0] === 127;
  return ip.groups.slice(0, 7).every((g) => g === 0) && (ip.groups[7] === 0 || ip.groups[7] === 1);
}

/** What the audit table shows for a stored address, and the stored value for its tooltip. */
export function displayIp(stored: string | null | undefined): { text: string; title?: string } {
  if (!stored) return { text: "—" };
  const ip = parseIp(stored);
  if (!ip) return { text: stored };
  if (isLocal(ip)) return { text: "local", title: stored };
  if (ip.v === 4) return { text: ip.parts.join(".") };
  // A stored IPv6 address is its /64 network: say so rather than show a made-up host part.
  const masked = ip.groups.slice(4).every((g) => g === 0);
  return { text: `${compressV6(ip.groups)}${masked ? "/64" : ""}`, title: stored };
}

const LOCAL_FORMS = ["127.0.0.1", "::1", "::", expandV6([0, 0, 0, 0, 0, 0, 0, 1]), expandV6(Array(8).fill(0))];

/** Every stored spelling an address typed into the filter may have ("local" matches loopback). */
export function ipFilterForms(input: string): string[] {
  const typed = input.trim();
  if (typed.toLowerCase() === "local") return LOCAL_FORMS;
  const ip = parseIp(typed.replace(/\/\d{1,3}$/, ""));
  if (!ip) return [typed];
  if (ip.v === 4) return [...new Set([typed, ip.parts.join("."), `::ffff:${ip.parts.join(".")}`])];
  const network = [...ip.groups.slice(0, 4), 0, 0, 0, 0];
  return [...new Set([typed, compressV6(ip.groups), expandV6(ip.groups), expandV6(network)])];
}
