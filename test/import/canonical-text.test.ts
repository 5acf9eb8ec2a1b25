/**
 * The import's canonical text (the basis of an event's content hash)
 * must be exactly RFC 8785 for every parsed JSON value, whichever of
 * its two ways writes it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalText } from '../../src-main/import/canonical-text.js';
import { canonicalJson } from '../../src-main/util/canonical-json.js';

describe('canonicalText', () => {
  it('gives the RFC 8785 text of any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalText(v)).toBe(canonicalJson(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by UTF-16 code units at every depth', () => {
    const v = JSON.parse(
      '{"b":[{"z":1,"a":{"y":null,"x":"é"}}],"a":true,"\u20ac":1,"\ud83d\ude00":2}',
    ) as unknown;
    expect(canonicalText(v)).toBe(
      '{"a":true,"b":[{"a":{"x":"é","y":null},"z":1}],"\u20ac":1,"\ud83d\ude00":2}',
    );
  });

  it('keeps array-index keys in code-unit order, not numeric', () => {
    const v = JSON.parse('{"10":"a","9":"b","x":"c","1":"d"}') as unknown;
    expect(canonicalText(v)).toBe('{"1":"d","10":"a","9":"b","x":"c"}');
    expect(canonicalText(v)).toBe(canonicalJson(v));
  });

  it('writes a __proto__ key as a key', () => {
    const v = JSON.parse('{"b":1,"__proto__":{"x":2}}') as unknown;
    expect(canonicalText(v)).toBe('{"__proto__":{"x":2},"b":1}');
  });

  it('escapes a lone surrogate instead of refusing the record', () => {
    const v = JSON.parse('{"s":"a\\ud83db","t":"\\udc00"}') as unknown;
    expect(canonicalText(v)).toBe('{"s":"a\\ud83db","t":"\\udc00"}');
  });

  it('refuses a number JSON text cannot hold, as parsing 1e999 gives', () => {
    const v = JSON.parse('{"n":[1e999]}') as unknown;
    expect(() => canonicalText(v)).toThrow('Infinity has no JSON form');
  });

  it('writes numbers as ECMAScript does', () => {
    const v = JSON.parse('[1.0, -0, 1e21, 0.000001, 1e-7, 123456789012345680000]');
    expect(canonicalText(v)).toBe('[1,0,1e+21,0.000001,1e-7,123456789012345680000]');
  });
});
