import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { createContext } from './context.js';
import { DEMO_PASSWORD, seedDemoCompany } from './demo/demo-company.js';

/** `atrium <command>`: operations that run beside (not through) the HTTP server. */
const [command, ...rest] = process.argv.slice(2);
const usage = `usage: atrium demo          fill a fresh instance with a demo company
`;

const ctx = await createContext(loadConfig());
try {
  switch (command) {
    case 'demo': {
      parseArgs({ args: rest, options: {} });
      const { admin, people } = await seedDemoCompany(ctx, (line) => console.log(line));
      console.log(`Demo company ready: ${people} colleagues.`);
      console.log(`Sign in as ${admin} with the password "${DEMO_PASSWORD}" (every demo colleague has it too).`);
      break;
    }
    default:
      process.stderr.write(usage);
      process.exitCode = 2;
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await ctx.close();
}
