// rpc/no-client-per-call through function VALUES (issue 25): a function a factory returns, held in a
// `const` or a field written once and passed to a function of the program, that a per-call context (a
// grpc-js metadata generator here) calls. Valid twins show where the following stops: a memoised
// result, a field written twice, a value handed to a library function or stored in an object, a run
// that happens once.
import rule from '../../rules/no-client-per-call.js';
import { createRuleTester } from '../rule-tester.js';

const ruleTester = createRuleTester();

/** The 1-based line and column of the first occurrence of `text` in `code`. */
function at(code: string, text: string): { line: number; column: number } {
  const index = code.indexOf(text);
  if (index < 0) throw new Error(`not in the case: ${text}`);
  const before = code.slice(0, index).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

const fetchToken = `import { credentials, Metadata, type ChannelCredentials } from '@grpc/grpc-js';
import { createChannel, createClient } from 'nice-grpc';
import { ConfigServiceDefinition } from './generated/nice-grpc/demo/v1/demo.js';
type TokenSource = () => Promise<string>;
async function fetchToken(address: string): Promise<string> {
  const channel = createChannel(address, credentials.createSsl());
  try {
    return (await createClient(ConfigServiceDefinition, channel).getConfig({ key: 'token' })).value;
  } finally {
    channel.close();
  }
}
function callCredentialsFor(source: TokenSource): ChannelCredentials {
  return credentials.combineChannelCredentials(
    credentials.createSsl(),
    credentials.createFromMetadataGenerator((_options, callback) => {
      source().then(
        (token) => {
          const metadata = new Metadata();
          metadata.set('authorization', token);
          callback(null, metadata);
        },
        (error: Error) => callback(error),
      );
    }),
  );
}`;

/** A factory returns the token source; a class keeps it in a field written once and hands it to `callCredentialsFor`. */
const viaField = `${fetchToken}
function tokenSource(address: string): TokenSource {
  return () => fetchToken(address);
}
export class Connector {
  private readonly source: TokenSource;
  readonly credentials: ChannelCredentials;
  constructor(address: string) {
    this.source = tokenSource(address);
    this.credentials = callCredentialsFor(this.source);
  }
}`;

/** An arrow factory whose body is the source, through a `const`. */
const viaConst = `${fetchToken}
const tokenSource = (address: string): TokenSource => async () => fetchToken(address);
export function connectorCredentials(address: string): ChannelCredentials {
  const source = tokenSource(address);
  return callCredentialsFor(source);
}`;

const ORIGIN = 'a grpc-js metadata generator (line 16)';

ruleTester.run('no-client-per-call (function values)', rule, {
  valid: [
    {
      name: 'a source that memoises the token runs `fetchToken` once: the memo stops the search',
      code: viaField.replace('return () => fetchToken(address);', 'let token: Promise<string> | undefined;\n  return () => (token ??= fetchToken(address));'),
    },
    {
      name: 'a field written twice: which function a read gets is not known',
      code: viaField.replace(
        '    this.credentials = callCredentialsFor(this.source);\n  }',
        '    this.credentials = callCredentialsFor(this.source);\n  }\n  reset(): void {\n    this.source = async () => "fixed";\n  }',
      ).replace('private readonly source', 'private source'),
    },
    {
      name: 'the source handed to a function the program does not show (`any`): it decides when to call it',
      code: viaConst.replace('return callCredentialsFor(source);', '(globalThis as any).register(source);\n  return credentials.createSsl();'),
    },
    {
      name: 'the source stored in an object: where it is called is not followed',
      code: viaConst.replace('return callCredentialsFor(source);', 'const holder = { source };\n  void holder;\n  return credentials.createSsl();'),
    },
    {
      name: 'the source called once where the object is set up, not per RPC',
      code: viaField.replace('this.credentials = callCredentialsFor(this.source);', 'void this.source();\n    this.credentials = credentials.createSsl();'),
    },
  ],
  invalid: [
    {
      name: 'a factory’s returned function, kept in a field written once and passed to a metadata generator’s maker',
      code: viaField,
      errors: [
        {
          messageId: 'perRpc',
          ...at(viaField, 'createChannel('),
          data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: ORIGIN, fix: 'Keep one per address in a `Map` keyed by `address`' },
        },
      ],
    },
    {
      name: 'an arrow factory’s body, through a `const`',
      code: viaConst,
      errors: [{ messageId: 'perRpc', ...at(viaConst, 'createChannel('), data: { call: 'createChannel(…)', resource: 'gRPC channel', origin: ORIGIN, fix: 'Keep one per address in a `Map` keyed by `address`' } }],
    },
  ],
});
