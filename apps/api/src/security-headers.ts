import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The content security policy of every answer. The API answers JSON, which no browser renders,
 * and the web app to come is served from this origin: everything from 'self', no plugins, never
 * framed (a contract signed inside someone else's frame is a clickjacking target), forms post
 * only here. Inline styles are allowed for the /docs page; inline scripts never are.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
};

/**
 * Helmet's security headers on every answer of the gateway's routes (404s and errors included):
 * the policy above, HSTS (browsers heed it over https only), nosniff, no referrer, same-origin
 * resource and opener policies, no framing.
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
}
