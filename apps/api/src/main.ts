import 'reflect-metadata';
import { runProcess } from '../../shared/process.js';
import { startService } from './service.js';

await runProcess(startService);
