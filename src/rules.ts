import noConcurrentStreamRead from '../rules/no-concurrent-stream-read.js';
import noUnboundedShutdown from '../rules/no-unbounded-shutdown.js';
import noUncancelledStream from '../rules/no-uncancelled-stream.js';
import noUnclosedClient from '../rules/no-unclosed-client.js';

/** Every rule of the plugin, by its name without the `rpc/` prefix. */
export const rules = {
  'no-concurrent-stream-read': noConcurrentStreamRead,
  'no-unbounded-shutdown': noUnboundedShutdown,
  'no-uncancelled-stream': noUncancelledStream,
  'no-unclosed-client': noUnclosedClient,
};

export type RuleName = keyof typeof rules;
