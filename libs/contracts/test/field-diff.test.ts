import { describe, expect, it } from 'vitest';
import { fieldDiffer } from '../src/change-request/field-diff.js';

const {
  diff: diffOrgInfo,
  stale: staleFields,
  applied: alreadyApplied,
  update: updateForDiff,
} = fieldDiffer(['name', 'shortName', 'type', 'contactPhone', 'industry'] as const);

const current = { name: '一中团委', shortName: null, type: 'committee', contactPhone: '01062345678', industry: '教育' };

describe('the field-level diff of an info change', () => {
  it('holds only the fields that would change, with their old and new values', () => {
    expect(diffOrgInfo(current, { name: '第一中学团委', industry: '教育', shortName: null })).toEqual({
      name: { from: '一中团委', to: '第一中学团委' },
    });
    expect(diffOrgInfo(current, { contactPhone: null })).toEqual({ contactPhone: { from: '01062345678', to: null } });
    expect(diffOrgInfo(current, {})).toEqual({});
  });

  it('becomes $set and $unset', () => {
    expect(updateForDiff({ name: { from: 'a', to: 'b' }, industry: { from: 'x', to: null } })).toEqual({
      $set: { name: 'b' },
      $unset: { industry: '' },
    });
  });
});

describe('a request approved later', () => {
  const diff = diffOrgInfo(current, { name: '第一中学团委', contactPhone: '13800000000' });

  it('is stale only in the fields it touches that changed meanwhile', () => {
    expect(staleFields(current, diff)).toEqual([]);
    expect(staleFields({ ...current, industry: '制造业' }, diff)).toEqual([]);
    expect(staleFields({ ...current, contactPhone: '13911112222' }, diff)).toEqual(['contactPhone']);
  });

  it('is recognised as already applied when every field holds its new value', () => {
    expect(alreadyApplied(current, diff)).toBe(false);
    expect(alreadyApplied({ ...current, name: '第一中学团委', contactPhone: '13800000000' }, diff)).toBe(true);
  });
});
