// The README's example, run against a local socket that answers Binding requests.
import { createSocket } from 'node:dgram';
import { answerBindingRequest, nodeDatagramSocket, StunClient } from '@twinkle/stun';
import { describe, expect, it } from 'vitest';

describe('README example', () => {
  it('learns the address of a socket', async () => {
    const server = createSocket('udp4');
    server.on('message', (m, rinfo) => {
      const answer = answerBindingRequest(m, rinfo);
      if (answer) server.send(answer, rinfo.port, rinfo.address);
    });
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const stunHost = '127.0.0.1';
    const serverPort = server.address().port;
    const lines: string[] = [];

    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    const local = socket.address().port;
    const client = new StunClient({ socket: nodeDatagramSocket(socket), software: 'twinkle' });
    const result = await client.bind({ address: stunHost, port: serverPort });
    if (result.ok) lines.push(`public address ${result.mapped.address}:${result.mapped.port}`);
    else lines.push(`no mapping: ${result.code} ${result.message}`);
    client.close();
    socket.close();

    expect(lines).toEqual([`public address 127.0.0.1:${local}`]);
    server.close();
  });
});
