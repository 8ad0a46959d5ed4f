import { Hono } from 'hono';
import type { KeyRing } from '../keys/key-ring.js';

/** `GET /.well-known/jwks.json`: the public keys every service verifies tokens with. */
export function jwksRoutes(keyRing: KeyRing): Hono {
  return new Hono().get('/jwks.json', async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await keyRing.jwks());
  });
}
