import { describe, expect, it } from 'vitest';
import { isRequest, type SipRequest } from '../message/message.ts';
import { parseMessage } from '../message/parser.ts';
import { createResponse } from '../message/response.ts';
import { serializeUri } from '../message/uri.ts';
import { Dialog, DialogState, dialogIdOfRequest } from './dialog.ts';

function invite(extra: string[] = []): SipRequest {
  const text = [
    'INVITE sip:bob@biloxi.example.com SIP/2.0',
    'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8',
    'Max-Forwards: 70',
    'To: Bob <sip:bob@biloxi.example.com>',
    'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710',
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@pc33.atlanta.example.com>',
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  const r = parseMessage(Buffer.from(text));
  if (!r.ok || !isRequest(r.message)) throw new Error(r.ok ? 'not a request' : r.error.message);
  return r.message;
}

const RR = ['Record-Route: <sip:p2.example.com;lr>', 'Record-Route: <sip:p1.example.com;lr>'];

describe('UAC dialog (RFC 3261 §12.1.2)', () => {
  it('is created from a 2xx with reversed Record-Route and the remote Contact as target', () => {
    const req = invite(RR);
    const ok = createResponse(req, 200, { toTag: 'b7', headers: [['Contact', '<sip:bob@192.0.2.4>']] });
    const d = Dialog.fromUac(req, ok);
    if (!d) throw new Error('no dialog');
    expect(d.state).toBe(DialogState.Confirmed);
    expect(d.routeSet.map((r) => serializeUri(r.uri))).toEqual(['sip:p1.example.com;lr', 'sip:p2.example.com;lr']);
    const bye = d.createRequest('BYE');
    expect(serializeUri(bye.uri)).toBe('sip:bob@192.0.2.4');
    expect(bye.getAll('route')).toEqual(['<sip:p1.example.com;lr>', '<sip:p2.example.com;lr>']);
    expect(bye.cseq).toEqual({ seq: 314160, method: 'BYE' });
    expect(bye.from?.params.get('tag')).toBe('1928301774');
    expect(bye.to?.params.get('tag')).toBe('b7');
    expect(bye.callId).toBe('a84b4c76e66710');
    expect(Dialog.nextHop(bye).toString()).toBeTruthy();
    expect(serializeUri(Dialog.nextHop(bye))).toBe('sip:p1.example.com;lr');
    const ack = d.createAck(314159);
    expect(ack.cseq).toEqual({ seq: 314159, method: 'ACK' });
    const reinvite = d.createRequest('INVITE', { body: 'v=0\r\n', contentType: 'application/sdp' });
    expect(reinvite.cseq?.seq).toBe(314161);
    expect(reinvite.get('contact')).toBe('<sip:alice@pc33.atlanta.example.com>');
    expect(reinvite.get('content-type')).toBe('application/sdp');
  });

  it('is early on 1xx with a tag and confirmed by the 2xx, which refreshes the target', () => {
    const req = invite();
    const ringing = createResponse(req, 180, { toTag: 'b7', headers: [['Contact', '<sip:bob@early.example.com>']] });
    const d = Dialog.fromUac(req, ringing);
    expect(d?.state).toBe(DialogState.Early);
    d?.receiveResponse(
      createResponse(req, 200, { toTag: 'b7', headers: [['Contact', '<sip:bob@final.example.com>']] }),
      'INVITE',
    );
    expect(d?.state).toBe(DialogState.Confirmed);
    expect(d && serializeUri(d.remoteTarget)).toBe('sip:bob@final.example.com');
    expect(Dialog.fromUac(req, createResponse(req, 100))).toBeNull();
  });

  it('uses strict routing when the first route has no lr (§12.2.1.1)', () => {
    const req = invite(['Record-Route: <sip:strict.example.com>']);
    const ok = createResponse(req, 200, { toTag: 'b7', headers: [['Contact', '<sip:bob@192.0.2.4>']] });
    const bye = Dialog.fromUac(req, ok)?.createRequest('BYE');
    expect(bye && serializeUri(bye.uri)).toBe('sip:strict.example.com');
    expect(bye?.getAll('route')).toEqual(['<sip:bob@192.0.2.4>']);
  });
});

describe('UAS dialog (RFC 3261 §12.1.1)', () => {
  it('keeps Record-Route order, tracks remote CSeq and builds requests toward the caller', () => {
    const req = invite(RR);
    const ok = createResponse(req, 200, { toTag: 'b7', headers: [['Contact', '<sip:bob@192.0.2.4>']] });
    const d = Dialog.fromUas(req, ok);
    if (!d) throw new Error('no dialog');
    expect(d.routeSet.map((r) => serializeUri(r.uri))).toEqual(['sip:p2.example.com;lr', 'sip:p1.example.com;lr']);
    expect(d.remoteSeq).toBe(314159);
    const bye = d.createRequest('BYE');
    expect(serializeUri(bye.uri)).toBe('sip:alice@pc33.atlanta.example.com');
    expect(bye.to?.params.get('tag')).toBe('1928301774');
    expect(bye.from?.params.get('tag')).toBe('b7');
    expect(bye.cseq?.seq).toBe(1);
    expect(d.id).toBe(`a84b4c76e66710|b7|1928301774`);

    const inDialog = invite();
    inDialog.set('to', 'Bob <sip:bob@biloxi.example.com>;tag=b7');
    inDialog.set('cseq', '314160 INVITE');
    inDialog.set('contact', '<sip:alice@new.example.com>');
    expect(dialogIdOfRequest(inDialog)).toBe(d.id);
    expect(d.receiveRequest(inDialog)).toBe(true);
    expect(serializeUri(d.remoteTarget)).toBe('sip:alice@new.example.com');
    expect(d.receiveRequest(inDialog)).toBe(false);
  });
});
