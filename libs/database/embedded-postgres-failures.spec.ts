import { explainFailure } from './embedded-postgres-failures.js';

const context = { dataDir: '/srv/data', port: 5433, portConfigured: true, user: 'postgres' };

describe('explainFailure: the causes an operator can fix, recognised in Postgres output', () => {
  it('a full disk', () => {
    const output = 'initdb: error: could not write file "/srv/data/postgres/base/1/1259": No space left on device';
    expect(explainFailure(output, context)).toBe(
      'the disk is full (/srv/data): free some space, or choose a DATA_DIR on another disk, and start again',
    );
  });

  it('a configured port that is taken, and a picked one taken in between', () => {
    const output = 'LOG:  could not bind IPv4 address "127.0.0.1": Address already in use\nFATAL:  could not create any TCP/IP sockets';
    expect(explainFailure(output, context)).toMatch(/^port 5433 \(EMBEDDED_POSTGRES_PORT\) is taken by another program: /);
    expect(explainFailure(output, { ...context, portConfigured: false })).toMatch(
      /^port 5433, free a moment before, was taken .*: start again$/,
    );
  });

  it('access refused to the server user, quoting the line that says so', () => {
    const output = 'FATAL:  could not open file "postgresql.conf": Permission denied';
    expect(explainFailure(output, context)).toBe(
      'the user postgres, which runs the embedded Postgres, was refused access in /srv/data ' +
        '(FATAL: could not open file "postgresql.conf": Permission denied): give that user the data folder, or choose another DATA_DIR',
    );
  });

  it('a cluster folder with something else in it', () => {
    const output = 'initdb: error: directory "/srv/data/postgres" exists but is not empty';
    expect(explainFailure(output, context)).toBe(
      '/srv/data/postgres exists but holds no Postgres cluster: remove it, or choose another DATA_DIR',
    );
  });

  it('anything else is not guessed at', () => {
    expect(explainFailure('FATAL:  the moon is in the wrong phase', context)).toBeUndefined();
  });
});
