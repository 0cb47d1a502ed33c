import { lookup as dnsLookup } from "node:dns";
import { KinerjaError, validationError } from "@kinerja/core";
import ipaddr from "ipaddr.js";

/**
 * Host names that lead to the machine itself or to a cloud provider's instance metadata, refused
 * whatever they resolve to (unless allowed explicitly).
 */
export const REFUSED_WEBHOOK_HOST_NAMES: readonly string[] = [
  "localhost",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
];

/** Suffixes of refused host names: `*.localhost`, `*.internal`, `*.local` (mDNS). */
const REFUSED_HOST_SUFFIXES = [".localhost", ".internal", ".local"];

/**
 * The hosts an operator allows as webhook targets although the rules refuse them: host names
 * (exact, case-insensitive), IP addresses and CIDR ranges, each optionally with `:port`
 * (bracket IPv6 addresses: `[::1]:8080`). Parsed by {@link parseWebhookAllowList}.
 */
export interface WebhookAllowList {
  /** Allowed host names, lower case, with the allowed port or undefined for any. */
  readonly names: readonly { name: string; port: number | undefined }[];
  /** Allowed address ranges, with the allowed port or undefined for any. */
  readonly ranges: readonly { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; port: number | undefined }[];
}

/** The empty allow-list: every rule applies. */
export const NO_WEBHOOK_ALLOW_LIST: WebhookAllowList = { names: [], ranges: [] };

function splitPort(entry: string): { host: string; port: number | undefined } | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(entry);
  if (bracketed) {
    return { host: bracketed[1] ?? "", port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  }
  const colons = entry.split(":").length - 1;
  if (colons === 1) {
    const [host, port] = entry.split(":");
    if (!/^\d{1,5}$/.test(port ?? "")) return undefined;
    return { host: host ?? "", port: Number(port) };
  }
  return { host: entry, port: undefined };
}

/**
 * Parses `KINERJA_WEBHOOK_ALLOW`: entries separated by commas or white space, each a host name,
 * an IP address or a CIDR range, optionally with `:port`. Throws VALIDATION_FAILED naming
 * `KINERJA_WEBHOOK_ALLOW` (or `field`) for an entry that is none of these.
 *
 * @example
 * parseWebhookAllowList("127.0.0.1:8080, hooks.internal, 10.1.0.0/16")
 */
export function parseWebhookAllowList(
  value: string | readonly string[] | undefined,
  field = "KINERJA_WEBHOOK_ALLOW",
): WebhookAllowList {
  const entries = (typeof value === "string" ? value.split(/[\s,]+/) : [...(value ?? [])])
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const names: { name: string; port: number | undefined }[] = [];
  const ranges: { range: [ipaddr.IPv4 | ipaddr.IPv6, number]; port: number | undefined }[] = [];
  for (const entry of entries) {
    const parts = splitPort(entry);
    const fail = () =>
      validationError([
        {
          path: [field],
          message: `"${entry}" is not a host name, an IP address or a CIDR range (optionally with :port)`,
          code: "invalid_format",
        },
      ]);
    if (parts === undefined || (parts.port !== undefined && (parts.port < 1 || parts.port > 65535)))
      throw fail();
    const { host, port } = parts;
    if (host.includes("/")) {
      try {
        ranges.push({ range: ipaddr.parseCIDR(host), port });
      } catch {
        throw fail();
      }
    } else if (ipaddr.isValid(host)) {
      const address = ipaddr.parse(host);
      ranges.push({ range: [address, address.kind() === "ipv4" ? 32 : 128], port });
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(host)) {
      names.push({ name: host.toLowerCase().replace(/\.$/, ""), port });
    } else {
      throw fail();
    }
  }
  return { names, ranges };
}

const portMatches = (allowed: number | undefined, port: number) => allowed === undefined || allowed === port;

function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

function addressAllowed(address: ipaddr.IPv4 | ipaddr.IPv6, port: number, allow: WebhookAllowList): boolean {
  const a = normalise(address);
  return allow.ranges.some(
    ({ range, port: p }) => portMatches(p, port) && range[0].kind() === a.kind() && a.match(range),
  );
}

/**
 * Why an address may not receive webhooks, or undefined when it is a public unicast address:
 * loopback, private (RFC 1918), link-local (the 169.254.169.254 metadata service), unique-local
 * (fc00::/7), carrier-grade NAT, unspecified, broadcast, multicast and reserved ranges are
 * refused; an IPv4-mapped IPv6 address is judged as its IPv4 address.
 */
export function refusedAddressReason(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return "not an IP address";
  const a = normalise(ipaddr.parse(address));
  const range = a.range();
  return range === "unicast" ? undefined : `${a.toString()} is a ${range} address`;
}

function defaultPort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

function hostOf(url: URL): string {
  const host = url.hostname.toLowerCase();
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host.replace(/\.$/, "");
}

/**
 * Why a URL may not receive webhooks before any name is resolved, or undefined: it must be
 * http(s), carry no user name or password, and name neither a refused host name
 * ({@link REFUSED_WEBHOOK_HOST_NAMES}, `*.localhost`, `*.internal`, `*.local`) nor a refused
 * address ({@link refusedAddressReason}; numeric forms such as `2130706433` are read as the
 * WHATWG URL parser reads them), unless the allow-list names the host.
 */
export function webhookUrlProblem(
  raw: string,
  allow: WebhookAllowList = NO_WEBHOOK_ALLOW_LIST,
): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a valid URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "only http and https URLs are allowed";
  if (url.username !== "" || url.password !== "") return "credentials in the URL are not allowed";
  const host = hostOf(url);
  const port = defaultPort(url);
  if (ipaddr.isValid(host)) {
    if (addressAllowed(ipaddr.parse(host), port, allow)) return undefined;
    const reason = refusedAddressReason(host);
    return reason === undefined ? undefined : `${reason}; webhooks go to public addresses only`;
  }
  if (allow.names.some((n) => n.name === host && portMatches(n.port, port))) return undefined;
  if (REFUSED_WEBHOOK_HOST_NAMES.includes(host) || REFUSED_HOST_SUFFIXES.some((s) => host.endsWith(s))) {
    return `${host} is a local or metadata host name; webhooks go to public hosts only`;
  }
  return undefined;
}

/**
 * Throws VALIDATION_FAILED naming `path` when {@link webhookUrlProblem} finds a problem with a
 * URL being saved.
 */
export function assertWebhookUrl(
  raw: string,
  allow: WebhookAllowList,
  path: readonly (string | number)[] = ["body", "url"],
): void {
  const problem = webhookUrlProblem(raw, allow);
  if (problem !== undefined) {
    throw validationError([
      { path: [...path], message: `${problem} (see KINERJA_WEBHOOK_ALLOW)`, code: "custom" },
    ]);
  }
}

/** One resolved address, as `dns.lookup(…, { all: true })` returns it. */
export interface ResolvedAddress {
  /** The address. */
  address: string;
  /** 4 or 6. */
  family: number;
}

/** Resolves a host name to its addresses (default: `dns.lookup` with `all: true`). */
export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (`dns.lookup`, as the operating system resolves names). */
export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

/**
 * The addresses a delivery to `url` may connect to: the name resolved, and every address
 * checked — when any resolved address is refused (and not allowed), the target is refused as a
 * whole (a FORBIDDEN error; the caller records it as the delivery's failure), so a name that
 * resolves to a loopback or private address (DNS rebinding) receives nothing.
 */
export async function resolveWebhookTarget(
  url: URL,
  allow: WebhookAllowList,
  resolver: HostResolver,
): Promise<ResolvedAddress[]> {
  const host = hostOf(url);
  const port = defaultPort(url);
  const addresses = ipaddr.isValid(host)
    ? [{ address: host, family: ipaddr.parse(host).kind() === "ipv4" ? 4 : 6 }]
    : [...(await resolver(host))];
  if (addresses.length === 0) {
    throw new KinerjaError("NOT_FOUND", `${host} did not resolve to any address`, { details: { host } });
  }
  const nameAllowed = allow.names.some((n) => n.name === host && portMatches(n.port, port));
  for (const a of addresses) {
    if (nameAllowed || (ipaddr.isValid(a.address) && addressAllowed(ipaddr.parse(a.address), port, allow)))
      continue;
    const reason = refusedAddressReason(a.address);
    if (reason !== undefined) {
      throw new KinerjaError("FORBIDDEN", `webhook target ${host} refused: ${reason}`, {
        details: { host, address: a.address },
      });
    }
  }
  return addresses;
}
