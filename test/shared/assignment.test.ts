// Claim and Release are offered by one rule: claimable when nobody holds an open task, mine when
// the user holds it, and neither where the vendor cannot claim.
import { describe, expect, it } from 'vitest';
import { assignmentOf, claimsBeforeCompleting } from '../../shared/assignment';
import { makeTask } from '../helpers/tasks';

const me = { id: '7', name: 'Ana Ruiz' };

describe('assignmentOf', () => {
  it('offers Claim on an open task held by nobody, Release on one the user holds', () => {
    expect(assignmentOf(makeTask('a', '1', { assignee: null }), { claim: true })).toBe('claimable');
    expect(assignmentOf(makeTask('a', '2', { assignee: me }), { claim: true })).toBe('mine');
  });

  it('offers neither where the vendor cannot claim, or the task is not open', () => {
    expect(assignmentOf(makeTask('a', '1', { assignee: null }), { claim: false })).toBeNull();
    expect(assignmentOf(makeTask('a', '1', { assignee: null }), {})).toBeNull();
    expect(assignmentOf(makeTask('a', '1', { assignee: null }), undefined)).toBeNull();
    expect(
      assignmentOf(makeTask('a', '1', { assignee: me, status: 'completed' }), { claim: true }),
    ).toBeNull();
  });
});

describe('claimsBeforeCompleting', () => {
  it('takes a claim first only for an open task nobody holds, where the vendor lets tasks be claimed', () => {
    const open = { status: 'open' as const, assignee: null };
    expect(claimsBeforeCompleting(open, { claim: true })).toBe(true);
    expect(claimsBeforeCompleting({ ...open, assignee: me }, { claim: true })).toBe(false);
    expect(claimsBeforeCompleting(open, { claim: false })).toBe(false);
    expect(claimsBeforeCompleting(open, undefined)).toBe(false);
    expect(claimsBeforeCompleting({ ...open, status: 'completed' }, { claim: true })).toBe(false);
  });
});
