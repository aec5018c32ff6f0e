import handleCallbackError from '../rules/handle-callback-error.js';
import noClientPerCall from '../rules/no-client-per-call.js';
import noConcurrentStreamRead from '../rules/no-concurrent-stream-read.js';
import noLockAcrossClose from '../rules/no-lock-across-close.js';
import noReentrantLock from '../rules/no-reentrant-lock.js';
import noUnboundedShutdown from '../rules/no-unbounded-shutdown.js';
import noUncancelledStream from '../rules/no-uncancelled-stream.js';
import noUnclosedClient from '../rules/no-unclosed-client.js';
import noWaitInResolverDestroy from '../rules/no-wait-in-resolver-destroy.js';
import requireDeadline from '../rules/require-deadline.js';
import requireHandlerCompletion from '../rules/require-handler-completion.js';
import requireStreamErrorHandler from '../rules/require-stream-error-handler.js';
import serverStreamHonorsCancel from '../rules/server-stream-honors-cancel.js';
import validChannelOptions from '../rules/valid-channel-options.js';
import validDeadline from '../rules/valid-deadline.js';

/** Every rule of the plugin, by its name without the `rpc/` prefix. */
export const rules = {
  'handle-callback-error': handleCallbackError,
  'no-client-per-call': noClientPerCall,
  'no-concurrent-stream-read': noConcurrentStreamRead,
  'no-lock-across-close': noLockAcrossClose,
  'no-reentrant-lock': noReentrantLock,
  'no-unbounded-shutdown': noUnboundedShutdown,
  'no-uncancelled-stream': noUncancelledStream,
  'no-unclosed-client': noUnclosedClient,
  'no-wait-in-resolver-destroy': noWaitInResolverDestroy,
  'require-deadline': requireDeadline,
  'require-handler-completion': requireHandlerCompletion,
  'require-stream-error-handler': requireStreamErrorHandler,
  'server-stream-honors-cancel': serverStreamHonorsCancel,
  'valid-channel-options': validChannelOptions,
  'valid-deadline': validDeadline,
};

export type RuleName = keyof typeof rules;
