import { createHash } from 'node:crypto';
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
        'DATABASE_URL: must be a postgres:// URL',
        'KAFKA_BROKERS: must be a comma-separated list of host:port (got "nohostport")',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      ]);
    }
  });

  it('a bad DATABASE_URL is not repeated in the message: it may hold a password', () => {
    expect(() => loadSettings({ DATABASE_URL: 'mysql://admin:db-password-1@db:3306/admin' })).toThrow(InvalidSettingsError);
    try {
      loadSettings({ DATABASE_URL: 'mysql://admin:db-password-1@db:3306/admin' });
    } catch (error) {
      expect((error as InvalidSettingsError).problems).toEqual(['DATABASE_URL: must be a postgres:// URL']);
    }
  });

  describe('ADMIN_TOKENS', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

    it('reads name:token pairs and name:sha256:<hex> pairs, keeping only the hashes', () => {
      const { adminTokens } = loadSettings({ ADMIN_TOKENS: `ci:${'a'.repeat(20)}, ops:sha256:${sha256('ops-secret-token-1')}` });

      expect(adminTokens.map((token) => [token.name, token.sha256.toString('hex')])).toEqual([
        ['ci', sha256('a'.repeat(20))],
        ['ops', sha256('ops-secret-token-1')],
      ]);
    });

    it.each([
      ['a pair without a colon', 'just-a-token-without-name'],
      ['a token shorter than 16 characters', 'ci:short'],
      ['a name given twice', `ci:${'a'.repeat(16)},ci:${'b'.repeat(16)}`],
      ['a hash that is not 64 hex digits', 'ci:sha256:abc'],
    ])('refuses %s, without repeating the value', (_case, raw) => {
      try {
        loadSettings({ ADMIN_TOKENS: raw });
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidSettingsError);
        const [problem] = (error as InvalidSettingsError).problems;
        expect(problem).toMatch(/^ADMIN_TOKENS: /);
        expect(problem).not.toContain('(got');
        expect(problem).not.toContain(raw);
      }
    });
  });

  describe('MQTT_ADMIN_PASSWORD', () => {
    it('is unset by default, and otherwise kept exactly, spaces included', () => {
      expect(loadSettings({}).mqttAdminPassword).toBeUndefined();
      expect(loadSettings({ MQTT_ADMIN_PASSWORD: ' pass word ' }).mqttAdminPassword).toBe(' pass word ');
      expect(loadSettings({ MQTT_ADMIN_PASSWORD: '🔑'.repeat(128) }).mqttAdminPassword).toBe('🔑'.repeat(128));
    });

    it('refuses more than 128 characters, without repeating the value', () => {
      const raw = 'p'.repeat(129);
      expect(() => loadSettings({ MQTT_ADMIN_PASSWORD: raw })).toThrow(InvalidSettingsError);
      try {
        loadSettings({ MQTT_ADMIN_PASSWORD: raw });
      } catch (error) {
        expect((error as InvalidSettingsError).problems).toEqual(['MQTT_ADMIN_PASSWORD: must be 1-128 characters, without NUL']);
      }
    });
  });

  it('refuses KAFKA_MIN_INSYNC_REPLICAS above KAFKA_REPLICATION_FACTOR', () => {
    expect(() => loadSettings({ KAFKA_REPLICATION_FACTOR: '3', KAFKA_MIN_INSYNC_REPLICAS: '2' })).not.toThrow();
    expect(() => loadSettings({ KAFKA_REPLICATION_FACTOR: '1', KAFKA_MIN_INSYNC_REPLICAS: '2' })).toThrow(/KAFKA_MIN_INSYNC_REPLICAS/);
  });

  describe('CORS_ORIGINS', () => {
    it('is off by default, and otherwise a list of exact origins', () => {
      expect(loadSettings({}).corsOrigins).toEqual([]);
      expect(loadSettings({ CORS_ORIGINS: 'http://localhost:3000, https://dash.example.com:8443' }).corsOrigins).toEqual([
        'http://localhost:3000',
        'https://dash.example.com:8443',
      ]);
    });

    it.each(['*', 'localhost:3000', 'http://localhost:3000/', 'http://localhost:3000/ui', 'ftp://host', 'HTTP://Host'])(
      'refuses %s, saying what an origin looks like',
      (origin) => {
        expect(() => loadSettings({ CORS_ORIGINS: origin })).toThrow(
          /CORS_ORIGINS: .* is not an origin: give each as scheme:\/\/host\[:port\]/,
        );
      },
    );
  });

  it('METRICS_PORT is unset by default and a port number otherwise', () => {
    expect(loadSettings({}).metricsPort).toBeUndefined();
    expect(loadSettings({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => loadSettings({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT: must be an integer 0-65535/);
  });
});
