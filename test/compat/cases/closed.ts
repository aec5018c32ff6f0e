// Clean twin of leak.ts: everything created here is closed or handed off.
import { credentials } from '@grpc/grpc-js';
import { createChannel, type Channel } from 'nice-grpc';

import { ConfigServiceClient } from '../generated/grpc-js/demo/v1/demo.js';

export function checkConfig(address: string): void {
  const client = new ConfigServiceClient(address, credentials.createInsecure());
  try {
    client.getConfig({ key: 'x', includeDefaults: false }, () => {});
  } finally {
    client.close();
  }
}

export function open(address: string): Channel {
  const channel = createChannel(address);
  return channel;
}
