// Pure functions; nothing faked.
import { describe, expect, it } from 'vitest';
import { filterFromParams, filterToParams } from './filter-params';

describe('fleet filter in the URL', () => {
  it('reads status, name and model, dropping an unknown status', () => {
    expect(filterFromParams(new URLSearchParams('status=critical&name=ENG&model=cmapss-fd002'))).toEqual({
      status: 'critical',
      name: 'ENG',
      model: 'cmapss-fd002',
      rul: null,
    });
    expect(filterFromParams(new URLSearchParams('status=broken'))).toEqual({
      status: '',
      name: '',
      model: '',
      rul: null,
    });
  });

  it('reads a remaining-life range, either bound alone, dropping one the API would refuse', () => {
    const rul = (query: string) => filterFromParams(new URLSearchParams(query)).rul;
    expect(rul('rulMin=25&rulMax=50')).toEqual({ min: 25, max: 50 });
    expect(rul('rulMax=25')).toEqual({ min: null, max: 25 });
    expect(rul('rulMin=125')).toEqual({ min: 125, max: null });
    expect(rul('rulMin=12.5')).toEqual({ min: 12.5, max: null });
    expect(rul('rulMin=50&rulMax=25')).toBeNull();
    expect(rul('rulMin=25&rulMax=25')).toBeNull();
    expect(rul('rulMin=abc')).toBeNull();
    expect(rul('rulMin=Infinity')).toBeNull();
    expect(rul('rulMin=')).toBeNull();
    expect(rul('rulMin=abc&rulMax=50')).toEqual({ min: null, max: 50 });
  });

  it('writes only the filters that are set', () => {
    expect(filterToParams({ status: '', name: 'ENG-1', model: 'm', rul: null }).toString()).toBe(
      'name=ENG-1&model=m',
    );
    expect(filterToParams({ status: '', name: '', model: '', rul: null }).toString()).toBe('');
    expect(filterToParams({ status: '', name: '', model: '', rul: { min: null, max: 25 } }).toString()).toBe(
      'rulMax=25',
    );
    expect(
      filterToParams({ status: 'warning', name: '', model: '', rul: { min: 25, max: 50 } }).toString(),
    ).toBe('status=warning&rulMin=25&rulMax=50');
  });
});
