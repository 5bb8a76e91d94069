import { afterEach, describe, expect, it } from 'vitest';
import { newCallId, newTag } from './message/ids.ts';
import { SipRequest, type SipResponse } from './message/message.ts';
import { createOptionsResponse } from './message/response.ts';
import { parseUri } from './message/uri.ts';
import { TransactionLayer } from './transaction/transaction-layer.ts';
import { TransportLayer } from './transport/transport-layer.ts';
import { UdpTransport } from './transport/udp-transport.ts';

/** Transport layer + transaction layer wired together, as a registrar or B2BUA would do. */
async function stack(onRequest?: ConstructorParameters<typeof TransactionLayer>[0]['onRequest']) {
  let transactions: TransactionLayer | null = null;
  const transport = new TransportLayer({
    onRequest: (req, flow) => transactions?.receiveRequest(req, flow),
    onResponse: (res, flow) => transactions?.receiveResponse(res, flow),
  });
  await transport.add(new UdpTransport({ host: '127.0.0.1', port: 0 }));
  transactions = new TransactionLayer({
    sendRequest: (req, dest) => transport.sendRequest(req, dest),
    sendResponse: (res, flow) => transport.sendResponse(res, flow),
    onRequest: onRequest ?? (() => {}),
    createVia: (dest, branch) => transport.createVia(dest.protocol, branch),
  });
  return { transport, transactions };
}

const stacks: Array<Awaited<ReturnType<typeof stack>>> = [];
afterEach(async () => {
  for (const s of stacks.splice(0)) {
    s.transactions.close();
    await s.transport.close();
  }
});

describe('transport + transaction layers over real UDP', () => {
  it('completes an OPTIONS transaction end to end', async () => {
    const server = await stack((req, tx) => {
      if (req.method === 'OPTIONS' && tx)
        tx.respond(createOptionsResponse(req, { allow: ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS'] }));
    });
    const client = await stack();
    stacks.push(server, client);
    const port = server.transport.transport('UDP')?.localPort ?? 0;
    const uri = parseUri(`sip:ping@127.0.0.1:${port}`);
    if (!uri) throw new Error('uri');
    const req = new SipRequest('OPTIONS', uri);
    req.append('max-forwards', '70');
    req.append('from', `<sip:probe@127.0.0.1>;tag=${newTag()}`);
    req.append('to', `<sip:ping@127.0.0.1:${port}>`);
    req.append('call-id', newCallId());
    req.append('cseq', '1 OPTIONS');
    const response = await new Promise<SipResponse>((resolve, reject) => {
      client.transactions.sendRequest(
        req,
        { protocol: 'UDP', host: '127.0.0.1', port },
        { onResponse: resolve, onTimeout: () => reject(new Error('timeout')) },
      );
    });
    expect(response.status).toBe(200);
    expect(response.get('allow')).toBe('INVITE, ACK, BYE, CANCEL, OPTIONS');
    expect(response.topVia?.params.get('rport')).toMatch(/^\d+$/);
    expect(response.to?.params.get('tag')).toBeTruthy();
  });
});
