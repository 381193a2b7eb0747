import { createHmac } from "node:crypto";

/**
 * RFC 6238 codes computed here, independently of better-auth, from the otpauth:// URI an
 * authenticator app would scan (base32 secret, SHA-1, 6 digits, 30 s).
 */
export function secretFromUri(uri: string): Buffer {
  const secret = new URL(uri).searchParams.get("secret");
  if (!secret) throw new Error(`no secret in ${uri}`);
  return base32Decode(secret);
}

function base32Decode(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of text.replace(/=+$/, "").toUpperCase()) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = (mac.at(-1) as number) & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return code.toString().padStart(digits, "0");
}

/** The code an authenticator shows now (or `steps` periods away). */
export const totp = (key: Buffer, { now = Date.now(), steps = 0 } = {}) => hotp(key, Math.floor(now / 30_000) + steps);

/** A six-digit code that is not valid around now (for failure tests). */
export function wrongCode(key: Buffer): string {
  const valid = new Set([-1, 0, 1].map((steps) => totp(key, { steps })));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}
