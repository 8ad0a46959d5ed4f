import { BlockList, isIP } from 'node:net';

/**
 * The client's address, decided once, here: the gateway is the only place that sees how a request
 * arrived. Behind a load balancer or ingress (a trusted proxy) the socket's address is the
 * proxy's, and the client is the right-most X-Forwarded-For entry that is not itself a trusted
 * proxy — as nginx's real_ip (recursive) and Express's `trust proxy` decide. Entries left of it
 * were written by the client and prove nothing. With no trusted proxies configured, the socket
 * address is the client and X-Forwarded-For is ignored.
 */
export function clientAddressResolver(trustedProxies: readonly string[]) {
  const trusted = new BlockList();
  for (const entry of trustedProxies) addCidr(trusted, entry);
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined): string | undefined {
    let client = socketAddress ? normalise(socketAddress) : undefined;
    if (!client || !isTrusted(client) || !forwardedFor) return client;
    const hops = forwardedFor.split(',').map((hop) => normalise(hop.trim()));
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      const hop = hops[i]!;
      // Not an address at all: whatever wrote it is not a proxy we trust; the last good hop stands.
      if (isIP(hop) === 0) return client;
      client = hop;
      if (!isTrusted(hop)) return hop;
    }
    return client;
  };
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address. */
function addCidr(list: BlockList, entry: string): void {
  const [address, bits] = entry.trim().split('/');
  const family = isIP(address ?? '');
  if (!address || family === 0) throw new Error(`not an address or CIDR: ${entry}`);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  if (bits === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(bits), type);
}

/** IPv4 addresses written as IPv6 (`::ffff:203.0.113.7`, what a dual-stack socket reports) as plain IPv4; ports dropped. */
function normalise(address: string): string {
  let a = address;
  if (/^\[.*\](:\d+)?$/.test(a)) a = a.slice(1, a.indexOf(']'));
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

/** Parses TRUSTED_PROXIES, refusing a bad entry at start rather than trusting it silently. */
export function parseTrustedProxies(list: string): string[] {
  const entries = list
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) addCidr(new BlockList(), entry);
  return entries;
}

/** The address of the socket a request came in on (hono on node-server), if there is one. */
export function socketAddress(c: { env?: unknown }): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

/**
 * A request's client address for a service behind the gateway: the gateway writes the address it
 * decided into X-Forwarded-For, and only a socket from a trusted proxy (the gateway's) may say so.
 */
export function clientAddressOf(trustedProxies: readonly string[]) {
  const resolve = clientAddressResolver(trustedProxies);
  return (c: { env?: unknown; req: { header(name: string): string | undefined } }) =>
    resolve(socketAddress(c), c.req.header('x-forwarded-for'));
}
