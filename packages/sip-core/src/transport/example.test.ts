// The usage example of the transport and resolve modules (for the package README).
import { describe, expect, it } from 'vitest';
import { createRequest, createResponse } from '../message/build.js';
import { createNodeDnsResolver, resolveRequest } from '../resolve/index.js';
import { parseUri } from '../uri/parse.js';
import { SipTransportLayer } from './index.js';

describe('transport usage example', () => {
  it('answers OPTIONS and sends one to a located target', async () => {
    const listen = [{ protocol: 'udp', address: '127.0.0.1', port: 0 }] as const;
    const server = await SipTransportLayer.create({ listen: [...listen] });
    server.onMessage(({ message, source }) => {
      if (message.kind === 'request') void server.sendResponse(createResponse(message, 200), source);
    });
    const client = await SipTransportLayer.create({ listen: [...listen] });
    const answered = new Promise<number>((resolve) =>
      client.onMessage(({ message }) => message.kind === 'response' && resolve(message.status)),
    );

    const target = parseUri(`sip:bob@127.0.0.1:${server.localAddress('udp')!.port}`);
    if (!target.ok) throw new Error(target.error.reason);
    const { routing, targets } = await resolveRequest(target.value, [], {
      resolver: createNodeDnsResolver(),
    });
    const me = client.localAddress('udp')!;
    const options = createRequest({
      method: 'OPTIONS',
      uri: routing.requestUri,
      from: `<sip:alice@${me.host}>;tag=1928301774`,
      to: '<sip:bob@example.com>',
      callId: 'a84b4c76e66710',
      cseq: 1,
      via: `SIP/2.0/UDP ${me.host}:${me.port};branch=z9hG4bK776asdhds;rport`,
    });
    await client.sendRequest(options, targets.current!);

    expect(await answered).toBe(200);
    await Promise.all([client.close(), server.close()]);
  });
});
