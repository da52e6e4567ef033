// The bench's bare baseline: Fastify + pg and nothing else, on the same Postgres as the app, with its own table.
// POST /tenant does one INSERT; GET /tenant/:name one SELECT by primary key; GET /hello answers a constant. What the app adds on top of
// these two round trips (validation, the event store, projections, read-your-writes, the envelope) is what the
// ratios in bench/README.md measure. Env: DATABASE_URL, PORT, DATABASE_POOL_SIZE (default 20, as the app).
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
await pool.query(`CREATE TABLE IF NOT EXISTS baseline_tenants (
  tenant_name text COLLATE "C" PRIMARY KEY,
  description text NOT NULL,
  config      jsonb NOT NULL,
  create_time bigint NOT NULL)`);

const app = Fastify({ logger: false });

app.post('/tenant', async (request) => {
  const { tenant_name, desc = '', config = {} } = request.body;
  await pool.query('INSERT INTO baseline_tenants (tenant_name, description, config, create_time) VALUES ($1, $2, $3, $4)', [
    tenant_name,
    desc,
    config,
    Math.floor(Date.now() / 1000),
  ]);
  return { code: 0, data: 'success', error: null };
});

app.get('/tenant/:name', async (request) => {
  const result = await pool.query('SELECT * FROM baseline_tenants WHERE tenant_name = $1', [request.params.name]);
  return { code: 0, data: result.rows[0] ?? null, error: null };
});

// The bare route beside which config/get (served from memory) is measured: no database at all.
app.get('/hello', async () => ({ code: 0, data: 'hello', error: null }));

const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
