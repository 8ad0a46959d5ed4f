import { describe, expect, it } from 'vitest';
import { clientAddressResolver, parseTrustedProxies } from '../src/index.js';

describe('the client address', () => {
  const behindIngress = clientAddressResolver(['10.0.0.0/8', 'fd00::/8']);

  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const direct = clientAddressResolver([]);
    expect(direct('203.0.113.7', '1.2.3.4')).toBe('203.0.113.7');
    expect(direct('::ffff:203.0.113.7', undefined)).toBe('203.0.113.7');
  });

  it('behind trusted proxies is the right-most entry that is not one of them', () => {
    expect(behindIngress('10.1.2.3', '203.0.113.7')).toBe('203.0.113.7');
    // A client that writes its own X-Forwarded-For gains nothing: the ingress appended the real one.
    expect(behindIngress('10.1.2.3', '1.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    // Two proxies of ours (a load balancer, then the ingress).
    expect(behindIngress('10.1.2.3', '1.1.1.1, 203.0.113.7, 10.9.9.9')).toBe('203.0.113.7');
    expect(behindIngress('fd00::5', '2001:db8::1')).toBe('2001:db8::1');
    expect(behindIngress('::ffff:10.1.2.3', '::ffff:203.0.113.8')).toBe('203.0.113.8');
  });

  it('ignores X-Forwarded-For from an untrusted socket, and stops at a hop that is not an address', () => {
    expect(behindIngress('203.0.113.7', '10.0.0.1')).toBe('203.0.113.7');
    expect(behindIngress('10.1.2.3', 'evil, 203.0.113.7')).toBe('203.0.113.7');
    expect(behindIngress('10.1.2.3', '203.0.113.7, evil')).toBe('10.1.2.3');
    // All of them ours: the left-most is the best there is.
    expect(behindIngress('10.1.2.3', '10.4.4.4, 10.5.5.5')).toBe('10.4.4.4');
    expect(behindIngress('10.1.2.3', undefined)).toBe('10.1.2.3');
  });

  it('is configured from CIDRs and single addresses, refusing anything else', () => {
    expect(parseTrustedProxies(' 10.0.0.0/8, 192.168.1.1 ,')).toEqual(['10.0.0.0/8', '192.168.1.1']);
    expect(() => parseTrustedProxies('10.0.0.0/8,ingress')).toThrow(/ingress/);
  });
});
