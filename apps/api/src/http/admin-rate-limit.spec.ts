import { PerPathWindows } from './admin-rate-limit.js';

describe('admin rate limit windows', () => {
  it('takes `limit` requests per path per second, then says how long until the next window', () => {
    const windows = new PerPathWindows();
    expect([windows.take('/a', 2, 1000), windows.take('/a', 2, 1100), windows.take('/a', 2, 1400)]).toEqual([undefined, undefined, 600]);
    expect(windows.take('/b', 2, 1400)).toBeUndefined();
    expect(windows.take('/a', 2, 2000)).toBeUndefined();
  });

  it('a raised limit counts against the requests of the window already running', () => {
    const windows = new PerPathWindows();
    windows.take('/a', 1, 0);
    expect(windows.take('/a', 1, 10)).toBe(990);
    expect(windows.take('/a', 5, 20)).toBeUndefined();
  });
});
