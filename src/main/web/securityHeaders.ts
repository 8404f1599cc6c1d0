import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';

/**
 * Powerful features the board never uses, denied to the page and to anything it might embed: a page that
 * holds full control of a repository has no business asking for a camera or a USB device. Only features
 * Chromium recognises are listed (an unknown one is reported as a console error).
 */
const DENIED_FEATURES = [
  'accelerometer',
  'bluetooth',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'serial',
  'usb',
];

/**
 * The headers on every response of the browser host, whatever its status (the page, assets, 400, 403,
 * 404, 405, 500, refused upgrades): an error page is a page too, and a refusal is what an attacker's
 * probe sees first. COOP and CORP keep other origins' windows and documents away from ours.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': DENIED_FEATURES.map((feature) => `${feature}=()`).join(', '),
};
