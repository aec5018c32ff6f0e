// The compat check's own article-002 shape, so the consumer check never passes vacuously.
import { credentials } from '@grpc/grpc-js';
import { createChannel } from 'nice-grpc';

import { ConfigServiceClient } from '../generated/grpc-js/demo/v1/demo.js';

export function checkConfig(address: string): void {
  const client = new ConfigServiceClient(address, credentials.createInsecure()); // expect: rpc/no-unclosed-client
  client.getConfig({ key: 'x', includeDefaults: false }, () => {});
}

export function probe(address: string): string {
  const channel = createChannel(address); // expect: rpc/no-unclosed-client
  return channel.getTarget();
}
