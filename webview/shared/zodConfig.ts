/**
 * Imported before any schema is built. Zod compiles object validators with `new Function` when it
 * may, and decides so while the schemas are constructed; under the panels' CSP (no 'unsafe-eval')
 * even its guarded probe is reported as a violation, so it must validate without the JIT.
 */
import { z } from 'zod';

z.config({ jitless: true });
