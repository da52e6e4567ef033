import { InvalidSettingsError, loadSettings } from './settings.js';

describe('settings', () => {
  it('an empty environment gives the embedded defaults', () => {
    const settings = loadSettings({});
    expect(settings).toMatchObject({
      port: 8080,
      databaseUrl: undefined,
      kafkaBrokers: [],
      dataDir: undefined,
      embeddedPostgresPort: 0,
      runWorkers: true,
    });
  });

  it('values are read from the environment', () => {
    const settings = loadSettings({
      PORT: '9090',
      KAFKA_BROKERS: 'a:9092, b:9093',
      DATABASE_URL: 'postgres://u@h:5432/db',
      RUN_WORKERS: 'false',
    });
    expect(settings).toMatchObject({
      port: 9090,
      kafkaBrokers: ['a:9092', 'b:9093'],
      databaseUrl: 'postgres://u@h:5432/db',
      runWorkers: false,
    });
  });

  it('every bad value is reported at once, naming the variable and the rule', () => {
    const load = () => loadSettings({ PORT: 'eighty', KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    expect(load).toThrow(InvalidSettingsError);
    try {
      load();
    } catch (error) {
      expect((error as InvalidSettingsError).problems).toEqual([
        'PORT: must be an integer 0-65535 (got "eighty")',
        'DATABASE_URL: must be a postgres:// URL (got "mysql://x")',
        'KAFKA_BROKERS: must be a comma-separated list of host:port (got "nohostport")',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      ]);
    }
  });
});
