import { nextLink } from './link-header';

describe('nextLink', () => {
  it('reads the next page GET /events names', () => {
    expect(nextLink('</events?after=120&limit=500>; rel="next"')).toBe('/events?after=120&limit=500');
  });

  it('finds rel=next among other links and parameters', () => {
    expect(nextLink('</a>; rel="prev", </b>; title="x"; rel=next')).toBe('/b');
  });

  it.each([[null], [''], ['</a>; rel="prev"'], ['</a>; rel="nextish"'], ['/a; rel="next"']])('reads %j as no next page', (header) => {
    expect(nextLink(header)).toBeUndefined();
  });
});
