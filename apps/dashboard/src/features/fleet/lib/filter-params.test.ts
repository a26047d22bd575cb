// Pure functions; nothing faked.
import { describe, expect, it } from 'vitest';
import { filterFromParams, filterToParams } from './filter-params';

describe('fleet filter in the URL', () => {
  it('reads status, name and model, dropping an unknown status', () => {
    expect(filterFromParams(new URLSearchParams('status=critical&name=ENG&model=cmapss-fd002'))).toEqual({
      status: 'critical',
      name: 'ENG',
      model: 'cmapss-fd002',
    });
    expect(filterFromParams(new URLSearchParams('status=broken'))).toEqual({
      status: '',
      name: '',
      model: '',
    });
  });

  it('writes only the filters that are set', () => {
    expect(filterToParams({ status: '', name: 'ENG-1', model: 'm' }).toString()).toBe('name=ENG-1&model=m');
    expect(filterToParams({ status: '', name: '', model: '' }).toString()).toBe('');
  });
});
