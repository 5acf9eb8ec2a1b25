import { describe, expect, it } from 'vitest';
import { canonicalAddress, normalizeIp } from '../../src-main/import/ip.js';

describe('client IP normalization', () => {
  it('keeps a bare IPv4 address as it is', () => {
    expect(normalizeIp('81.2.69.144')).toEqual({
      ip: '81.2.69.144',
      port: null,
      original: '81.2.69.144',
      nonstandardPort: false,
    });
  });

  it('splits the port off ip:port', () => {
    expect(normalizeIp('203.0.113.45:40231')).toEqual({
      ip: '203.0.113.45',
      port: 40231,
      original: '203.0.113.45:40231',
      nonstandardPort: false,
    });
  });

  it('strips brackets and the port of [v4]:port', () => {
    expect(normalizeIp('[192.0.2.3]:7972')).toEqual({
      ip: '192.0.2.3',
      port: 7972,
      original: '[192.0.2.3]:7972',
      nonstandardPort: false,
    });
  });

  it('strips brackets and the port of [v6]:port', () => {
    expect(normalizeIp('[fdfd::555]:12346')).toEqual({
      ip: 'fdfd::555',
      port: 12346,
      original: '[fdfd::555]:12346',
      nonstandardPort: false,
    });
  });

  it('splits v4-port and flags the dash as nonstandard', () => {
    expect(normalizeIp('198.51.100.7-52100')).toEqual({
      ip: '198.51.100.7',
      port: 52100,
      original: '198.51.100.7-52100',
      nonstandardPort: true,
    });
  });

  it('maps ::ffff:1.2.3.4 to 1.2.3.4, in any case and spelling', () => {
    expect(normalizeIp('::ffff:1.2.3.4').ip).toBe('1.2.3.4');
    expect(normalizeIp('::FFFF:1.2.3.4').ip).toBe('1.2.3.4');
    expect(normalizeIp('0:0:0:0:0:ffff:1.2.3.4').ip).toBe('1.2.3.4');
    expect(normalizeIp('::ffff:0102:0304').ip).toBe('1.2.3.4');
    expect(normalizeIp('::ffff:1.2.3.4').original).toBe('::ffff:1.2.3.4');
  });

  it('never cuts an IPv6 address at its last colon', () => {
    expect(normalizeIp('2001:db8::1:80')).toEqual({
      ip: '2001:db8::1:80',
      port: null,
      original: '2001:db8::1:80',
      nonstandardPort: false,
    });
    expect(normalizeIp('2603:10b6:5:1f4:cafe::28').ip).toBe(
      '2603:10b6:5:1f4:cafe::28',
    );
  });

  it('writes IPv6 lowercase and compressed', () => {
    expect(normalizeIp('2001:DB8::1').ip).toBe('2001:db8::1');
    expect(normalizeIp('2001:0db8:0000:0000:0000:0000:0000:0001').ip).toBe(
      '2001:db8::1',
    );
    expect(canonicalAddress('2A02:CF40:ADD:4002:91F2:A9B2:E09A:6FC6')).toBe(
      '2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6',
    );
  });

  it('drops an IPv6 zone index', () => {
    expect(normalizeIp('fe80::1%eth0').ip).toBe('fe80::1');
  });

  it('trims white space around an address and keeps the original', () => {
    expect(normalizeIp(' 52.159.112.221')).toEqual({
      ip: '52.159.112.221',
      port: null,
      original: ' 52.159.112.221',
      nonstandardPort: false,
    });
  });

  it.each([
    ['', ''],
    ['   ', '   '],
    ['host.example.com', 'host.example.com'],
    ['KAUHWH3JFFK (10.20.4930.010)', 'KAUHWH3JFFK (10.20.4930.010)'],
    ['NOTANIPV4 (10.9000.0.1)', 'NOTANIPV4 (10.9000.0.1)'],
    ['1.2.3.256', '1.2.3.256'],
    ['1.2.3.4:99999', '1.2.3.4:99999'],
    ['::2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6',
      '::2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6'],
    ['unknown', 'unknown'],
  ])('gives no ip for %j and keeps the original', (raw, original) => {
    expect(normalizeIp(raw)).toEqual({
      ip: null,
      port: null,
      original,
      nonstandardPort: false,
    });
  });

  it('gives nothing at all for null and undefined', () => {
    const none = {
      ip: null, port: null, original: null, nonstandardPort: false,
    };
    expect(normalizeIp(null)).toEqual(none);
    expect(normalizeIp(undefined)).toEqual(none);
  });

  it('writes a number as text and then reads it', () => {
    expect(normalizeIp(12345)).toEqual({
      ip: null,
      port: null,
      original: '12345',
      nonstandardPort: false,
    });
  });
});
