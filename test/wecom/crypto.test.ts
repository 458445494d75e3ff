// The callback crypto against WeCom's official sample vector (doc 91144 sample libraries), in both
// directions: our decrypt reads WeCom's ciphertext, and our encrypt, given the same random prefix,
// produces WeCom's ciphertext byte for byte.
import { createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aesKey, pkcs7Pad, pkcs7Unpad, signature, WecomCrypto, WecomCryptoError } from '../../src/wecom/crypto.js';

const CORP = 'wx5823bf96d3bd56c7';
const TOKEN = 'QDG6eK';
const AES = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const POST = {
  signature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};
const GET = {
  signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
};

const crypto = new WecomCrypto({ token: TOKEN, encodingAesKey: AES, receiveId: CORP });

describe('official vector: WeCom → us', () => {
  it('the POST callback signature matches and decrypts to the sample text message from mycreate', () => {
    expect(signature(TOKEN, POST.timestamp, POST.nonce, POST.encrypt)).toBe(POST.signature);
    expect(crypto.verify(POST.signature, POST.timestamp, POST.nonce, POST.encrypt)).toBe(true);
    const xml = crypto.decrypt(POST.encrypt);
    expect(xml).toContain('<FromUserName><![CDATA[mycreate]]></FromUserName>');
    expect(xml).toContain('<Content><![CDATA[hello]]></Content>');
    expect(xml).toContain('<MsgId>4561255354251345929</MsgId>');
    expect(xml).toContain('<CreateTime>1409659813</CreateTime>');
  });

  it('the GET verification decrypts echostr to 1616140317555161061', () => {
    expect(crypto.verify(GET.signature, GET.timestamp, GET.nonce, GET.echostr)).toBe(true);
    expect(crypto.decrypt(GET.echostr)).toBe('1616140317555161061');
  });

  it('the vector uses a pad longer than 16 bytes somewhere, which Node auto-unpadding would reject', () => {
    // Shows why setAutoPadding(false) matters: decrypt both vectors raw and look at the pad byte.
    const key = aesKey(AES);
    const pads = [POST.encrypt, GET.echostr].map((b64) => {
      const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
      d.setAutoPadding(false);
      const plain = Buffer.concat([d.update(Buffer.from(b64, 'base64')), d.final()]);
      return plain[plain.length - 1];
    });
    expect(pads.some((n) => n > 16)).toBe(true);
    expect(pads.every((n) => n >= 1 && n <= 32)).toBe(true);
  });
});

describe('official vector: us → WeCom', () => {
  it('re-encrypting the sample messages with their random prefix gives the official ciphertexts exactly', () => {
    for (const encrypt of [POST.encrypt, GET.echostr]) {
      const { message, receiveId, random } = crypto.decryptRaw(encrypt);
      expect(receiveId).toBe(CORP);
      expect(crypto.encrypt(message, random)).toBe(encrypt);
    }
  });

  it('our signature of our own ciphertext is what WeCom would compute', () => {
    const { message, random } = crypto.decryptRaw(POST.encrypt);
    const enc = crypto.encrypt(message, random);
    expect(crypto.signature(POST.timestamp, POST.nonce, enc)).toBe(POST.signature);
  });

  it('pads to a multiple of 32 bytes for every message length 0..100', () => {
    for (let n = 0; n <= 100; n++) {
      const msg = 'x'.repeat(n);
      const enc = crypto.encrypt(msg);
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0);
      expect(crypto.decrypt(enc)).toBe(msg);
    }
  });
});

describe('refusals', () => {
  it('a wrong signature, a changed ciphertext, another corp, bad padding and garbage are refused', () => {
    expect(crypto.verify('0'.repeat(40), POST.timestamp, POST.nonce, POST.encrypt)).toBe(false);
    expect(crypto.verify(undefined, POST.timestamp, POST.nonce, POST.encrypt)).toBe(false);
    expect(crypto.verify(POST.signature, POST.timestamp, '1', POST.encrypt)).toBe(false);
    const other = new WecomCrypto({ token: TOKEN, encodingAesKey: AES, receiveId: 'ww-other-corp' });
    expect(() => other.decrypt(POST.encrypt)).toThrow(WecomCryptoError);
    expect(() => crypto.decrypt(crypto.encrypt('<xml/>', undefined, 'ww-other-corp'))).toThrow(/another corp/);
    expect(() => crypto.decrypt('not base64!!')).toThrow(WecomCryptoError);
    expect(() => crypto.decrypt(Buffer.alloc(20).toString('base64'))).toThrow(WecomCryptoError);
    const flipped = Buffer.from(POST.encrypt, 'base64');
    flipped[flipped.length - 1] ^= 0xff;
    expect(() => crypto.decrypt(flipped.toString('base64'))).toThrow(WecomCryptoError);
    expect(() => new WecomCrypto({ token: TOKEN, encodingAesKey: 'short', receiveId: CORP })).toThrow(/43/);
  });

  it('pkcs7 unpad checks every pad byte', () => {
    const padded = pkcs7Pad(Buffer.from('abc'));
    expect(padded.length).toBe(32);
    expect(pkcs7Unpad(padded).toString()).toBe('abc');
    padded[padded.length - 2] = 1;
    expect(() => pkcs7Unpad(padded)).toThrow(/padding/);
  });
});
