// Logto signs a delivery with `logto-signature-sha-256`: the hex HMAC-SHA256 of the JSON
// body, keyed with the hook's signing key (packages/core/src/utils/sign.ts). The body
// sent is exactly the string signed, so the raw bytes received are what is checked.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'logto-signature-sha-256';

export const sign = (signingKey: string, body: Buffer | string) => createHmac('sha256', signingKey).update(body).digest('hex');

export function signatureMatches(signingKey: string, body: Buffer, header: string | string[] | undefined): boolean {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return false;
  return timingSafeEqual(Buffer.from(sign(signingKey, body), 'hex'), Buffer.from(given, 'hex'));
}
