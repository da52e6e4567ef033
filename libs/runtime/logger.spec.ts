import { createLogger } from './logger.js';

describe('createLogger', () => {
  it("logs an error's code and message, but not the fields of a Postgres error that quote the statement's data", () => {
    const lines: string[] = [];
    const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => lines.push(line) });
    const error = Object.assign(new Error('unsupported Unicode escape sequence'), {
      code: '22P05',
      detail: '\\u0000 cannot be converted to text.',
      where: 'JSON data, line 1: {"password": "hunter2',
      internalQuery: "SELECT 'hunter2'",
    });

    logger.error({ err: error }, 'request failed');

    const { err } = JSON.parse(lines[0]!) as { err: Record<string, unknown> };
    expect(err).toMatchObject({ type: 'Error', message: 'unsupported Unicode escape sequence', code: '22P05' });
    expect(Object.keys(err).filter((field) => ['detail', 'where', 'internalQuery'].includes(field))).toEqual([]);
    expect(lines.join('\n')).not.toContain('hunter2');
  });
});
