// The 企业微信 / 政务微信 callback crypto (加解密方案, doc 91144): msg_signature = SHA-1 of the
// sorted token, timestamp, nonce and ciphertext; AES-256-CBC with key = base64(EncodingAESKey + "="),
// IV = the key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes done by hand in both
// directions (OpenSSL's automatic 16-byte padding rejects WeCom's pads of 17..32 bytes and produces
// pads WeCom may refuse). Plaintext: random(16) ‖ msg length (4 bytes, big-endian) ‖ msg ‖ receiveId.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const BLOCK = 32;

export class WecomCryptoError extends Error {
  constructor(
    readonly reason: 'signature' | 'key' | 'ciphertext' | 'padding' | 'length' | 'receiveId',
    message: string,
  ) {
    super(message);
    this.name = 'WecomCryptoError';
  }
}

/** hex(sha1(sort([token, timestamp, nonce, encrypt]).join(''))). */
export function signature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

/** Constant-time comparison of a received msg_signature with the expected one. */
export function signatureMatches(expected: string, received: string | undefined): boolean {
  if (typeof received !== 'string' || !/^[0-9a-f]{40}$/i.test(received)) return false;
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(received.toLowerCase(), 'latin1'));
}

/** The 32-byte AES key from the 43-character EncodingAESKey. */
export function aesKey(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAesKey)) throw new WecomCryptoError('key', 'EncodingAESKey must be 43 letters and digits');
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new WecomCryptoError('key', 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

export function pkcs7Pad(data: Buffer, block = BLOCK): Buffer {
  const n = block - (data.length % block);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

export function pkcs7Unpad(data: Buffer, block = BLOCK): Buffer {
  if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError('padding', 'ciphertext length is not a whole number of blocks');
  const n = data[data.length - 1];
  if (n < 1 || n > block || n > data.length) throw new WecomCryptoError('padding', 'bad PKCS#7 padding');
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) throw new WecomCryptoError('padding', 'bad PKCS#7 padding');
  return data.subarray(0, data.length - n);
}

export type WecomCryptoOptions = { token: string; encodingAesKey: string; receiveId: string };

export class WecomCrypto {
  readonly token: string;
  readonly receiveId: string;
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(options: WecomCryptoOptions) {
    this.token = options.token;
    this.receiveId = options.receiveId;
    this.key = aesKey(options.encodingAesKey);
    this.iv = this.key.subarray(0, 16);
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return signature(this.token, timestamp, nonce, encrypt);
  }

  verify(msgSignature: string | undefined, timestamp: string, nonce: string, encrypt: string): boolean {
    return signatureMatches(this.signature(timestamp, nonce, encrypt), msgSignature);
  }

  /** Base64 ciphertext of `message` (UTF-8). `random` (16 bytes) is for tests; fresh bytes otherwise. */
  encrypt(message: string, random: Buffer = randomBytes(16), receiveId: string = this.receiveId): string {
    if (random.length !== 16) throw new Error('random prefix must be 16 bytes');
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const plain = pkcs7Pad(Buffer.concat([random, len, msg, Buffer.from(receiveId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** The message and receive id inside a base64 ciphertext; throws WecomCryptoError for anything malformed. */
  decryptRaw(encrypt: string): { message: string; receiveId: string; random: Buffer } {
    if (typeof encrypt !== 'string' || encrypt.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) {
      throw new WecomCryptoError('ciphertext', 'ciphertext is not base64');
    }
    const data = Buffer.from(encrypt, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WecomCryptoError('ciphertext', 'ciphertext length is not a whole number of AES blocks');
    const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
    decipher.setAutoPadding(false);
    const plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
    if (plain.length < 20) throw new WecomCryptoError('length', 'plaintext too short');
    const len = plain.readUInt32BE(16);
    if (20 + len > plain.length) throw new WecomCryptoError('length', 'message length exceeds the plaintext');
    const msg = plain.subarray(20, 20 + len);
    const receiveId = plain.subarray(20 + len).toString('utf8');
    return { message: msg.toString('utf8'), receiveId, random: Buffer.from(plain.subarray(0, 16)) };
  }

  /** decryptRaw, and the receive id must be this app's corp id. */
  decrypt(encrypt: string): string {
    const out = this.decryptRaw(encrypt);
    if (out.receiveId !== this.receiveId) throw new WecomCryptoError('receiveId', 'the message is for another corp id');
    return out.message;
  }
}
