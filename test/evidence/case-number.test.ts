/**
 * The short case number's format (evidence/case-number.ts, issue 15 item 13): Crockford base 32, seven
 * random characters and a Damm check character over GF(32). The check characters below are worked by
 * hand: r := 2·r ⊕ d per character (2·x in GF(32): shift left, and xor 0b100101 when bit 5 is set),
 * check = 2·r.
 */
import { describe, expect, it } from 'vitest';
import {
  CASE_NUMBER_ALPHABET,
  caseNumberCheckCharacter,
  isCaseNumber,
  newCaseNumber,
  parseCaseNumber,
  withCheckCharacter,
} from '../../evidence/case-number.js';

describe('the check character, worked by hand', () => {
  it('0000001: r = 1, check 2·1 = 2 → "2"', () => {
    expect(caseNumberCheckCharacter('0000001')).toBe('2');
    expect(withCheckCharacter('0000001')).toBe('0000-0012');
  });

  it('1000000: r = 1, 2, 4, 8, 16, 32⊕37 = 5, 10; check 20 → "M" (0-9, A-H = 10-17, J 18, K 19, M 20)', () => {
    expect(caseNumberCheckCharacter('1000000')).toBe('M');
  });

  it('A000000: r = 10, 20, 40⊕37 = 13, 26, 52⊕37 = 17, 34⊕37 = 7, 14; check 28 → "W" (N P Q R S T V W = 21…28)', () => {
    expect(withCheckCharacter('A000000')).toBe('A000-000W');
  });

  it('refuses what is not seven characters of the alphabet (I, L, O, U are not in it)', () => {
    for (const bad of ['A00000', 'A0000000', 'I000000', 'L000000', 'O000000', 'U000000', 'a000000']) {
      expect(() => caseNumberCheckCharacter(bad), bad).toThrow(RangeError);
    }
  });
});

describe('reading a case number as customer service writes it', () => {
  it('case-insensitive, with or without the hyphen, spaces ignored, O as 0 and I/L as 1', () => {
    for (const written of ['A000-000W', 'a000-000w', 'A000000W', ' a000 000w ', 'AOOO-OOOW', 'aooo000w']) {
      expect(parseCaseNumber(written), written).toEqual({ ok: true, caseNumber: 'A000-000W' });
    }
    // 1000-000M written with an I and an l for the ones.
    expect(parseCaseNumber('I000-000M')).toEqual({ ok: true, caseNumber: '1000-000M' });
    expect(parseCaseNumber('l000-000m')).toEqual({ ok: true, caseNumber: '1000-000M' });
  });

  it('a typo is a check problem; what is not shaped like a case number is a shape problem', () => {
    expect(parseCaseNumber('A000-000X')).toEqual({ ok: false, problem: 'check' }); // the check character changed
    expect(parseCaseNumber('B000-000W')).toEqual({ ok: false, problem: 'check' }); // the first changed
    expect(parseCaseNumber('0A00-000W')).toEqual({ ok: false, problem: 'check' }); // the first two swapped
    expect(parseCaseNumber('A000-00W0')).toEqual({ ok: false, problem: 'check' }); // the check character swapped with its neighbour
    for (const other of ['', 'C-1001', 'INV-12345', 'A00-0000W', 'A000--000W', 'A000-000', 'A000-000W0', 'U000-000W', '571313100000000017', 'Æ000-000W']) {
      expect(parseCaseNumber(other), other).toEqual({ ok: false, problem: 'shape' });
    }
  });

  it('isCaseNumber: only the printed form', () => {
    expect(isCaseNumber('A000-000W')).toBe(true);
    expect(isCaseNumber('a000-000w')).toBe(false);
    expect(isCaseNumber('A000000W')).toBe(false);
    expect(isCaseNumber('A000-000X')).toBe(false);
  });
});

describe('the check character catches every single change and every adjacent swap', () => {
  // 200 numbers from a fixed sequence (a linear congruential generator's high bits: its low bits repeat
  // with a short period; no Math.random in a test).
  let state = 12345;
  const random = (max: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return Math.floor(state / 2 ** 16) % max;
  };
  const numbers = Array.from({ length: 200 }, () => newCaseNumber(random));

  it('each of the 8 × 31 single-character changes of each number fails the check', () => {
    let tried = 0;
    for (const n of numbers) {
      const chars = n.replace('-', '').split('');
      for (let i = 0; i < 8; i++) {
        for (const c of CASE_NUMBER_ALPHABET) {
          if (c === chars[i]) continue;
          const changed = [...chars];
          changed[i] = c;
          expect(parseCaseNumber(changed.join('')), `${n} with ${c} at ${i}`).toEqual({ ok: false, problem: 'check' });
          tried++;
        }
      }
    }
    expect(tried).toBe(200 * 8 * 31);
  });

  it('each swap of two different adjacent characters fails the check', () => {
    let tried = 0;
    for (const n of numbers) {
      const chars = n.replace('-', '').split('');
      for (let i = 0; i < 7; i++) {
        if (chars[i] === chars[i + 1]) continue;
        const swapped = [...chars];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1]!, swapped[i]!];
        expect(parseCaseNumber(swapped.join('')), `${n} swapped at ${i}`).toEqual({ ok: false, problem: 'check' });
        tried++;
      }
    }
    // About 31 in 32 neighbours differ: 200 × 7 × 31/32 ≈ 1,356.
    expect(tried).toBeGreaterThan(1_250);
  });
});

describe('a new case number', () => {
  it('has a letter among its seven: all digits are drawn again', () => {
    // First draw 0,0,0,0,0,0,0 (all digits: drawn again), then 10,0,…: A000000 → A000-000W (above).
    const draws = [0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0];
    expect(newCaseNumber(() => draws.shift()!)).toBe('A000-000W');
    expect(draws).toEqual([]);
  });

  it('is printed XXXX-XXXX and checks', () => {
    let i = 0;
    const n = newCaseNumber(() => (i++ * 7) % 32);
    expect(n).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(isCaseNumber(n)).toBe(true);
  });
});
