import { openDatabase } from '#libs/runtime';
import { runProcess } from '../../shared/process.js';

/** `npm run migrate`: applies pending migrations (openDatabase does) and exits. */
await runProcess(async (settings, logger) => {
  const database = await openDatabase(settings, logger);
  await database.close();
  process.exit(0);
});
