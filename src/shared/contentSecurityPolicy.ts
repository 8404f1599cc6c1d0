/**
 * The one Content-Security-Policy for every host (Electron window and browser host): scripts only from
 * the app's own origin, no eval, no remote origins. Inline styles stay allowed because xterm.js and
 * dnd-kit position elements with style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
