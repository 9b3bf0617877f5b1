import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * zod's English messages for every schema: each module with a schema imports `zod/mini` as `z`, and this
 * module for its effect (`import '../schema.js'`). zod's tree-shakable "mini" build, because full zod is one
 * 786 kB module that every command and the bot's start-up compiled whole, about 60 ms; the parts used are
 * about 45 kB. Full zod sets these same messages itself; mini leaves them to the program. Import zod's
 * namespace nowhere else whole (no `export { z }`): a namespace object that escapes keeps every export,
 * all of zod's locales included.
 */
config(en());
