/**
 * Whether a URL names this machine only (127.0.0.0/8, ::1 or localhost). Sandboxes that let
 * anyone act as anyone, or pay with no money, are only ever allowed behind such an address.
 */
export function isLoopbackUrl(url: URL | string): boolean {
  const host = (typeof url === 'string' ? new URL(url) : url).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
