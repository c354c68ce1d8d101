import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BODY_SLICE_BYTES, writeBody } from '../src/http/write-body';

let server: http.Server;
let url: string;
/** Bodies the server received, whole. */
let received: Buffer[];

beforeEach(async () => {
  received = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(Buffer.concat(chunks));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterEach(() => new Promise((resolve) => server.close(resolve)));

const always = () => true;

/** A POST whose write/end calls are logged with the turn of the event loop they happened in. */
function loggedRequest(length: number) {
  const request = http.request(url, { method: 'POST', headers: { 'content-length': length } });
  const calls: string[] = [];
  let turn = 0;
  const tick = () => {
    turn++;
    if (!request.writableFinished && !request.destroyed) setImmediate(tick);
  };
  setImmediate(tick);
  const write = request.write.bind(request) as (chunk: Buffer) => boolean;
  const end = request.end.bind(request) as (chunk: Buffer) => http.ClientRequest;
  request.write = ((chunk: Buffer) => (
    calls.push(`write ${chunk.length} @${turn}`),
    write(chunk)
  )) as never;
  request.end = ((chunk: Buffer) => (
    calls.push(`end ${chunk.length} @${turn}`),
    end(chunk)
  )) as never;
  const answered = new Promise<void>((resolve, reject) => {
    request.on('response', (res) => res.resume().on('end', resolve));
    request.on('error', reject);
  });
  return { request, calls, answered };
}

test('a body larger than a slice goes out one slice per turn and arrives whole', async () => {
  const body = randomBytes(3 * BODY_SLICE_BYTES + 123);
  const { request, calls, answered } = loggedRequest(body.length);
  writeBody(request, body, always);
  expect(request.writableEnded).toBe(false);
  await answered;
  const sizes = calls.map((call) => call.split(' @')[0]);
  expect(sizes).toEqual([
    `write ${BODY_SLICE_BYTES}`,
    `write ${BODY_SLICE_BYTES}`,
    `write ${BODY_SLICE_BYTES}`,
    'end 123',
  ]);
  const turns = calls.map((call) => Number(call.split('@')[1]));
  expect(new Set(turns).size).toBe(turns.length);
  expect(received).toHaveLength(1);
  expect(received[0].equals(body)).toBe(true);
});

test('a body of one slice or less is written and ended at once', async () => {
  const body = randomBytes(BODY_SLICE_BYTES);
  const { request, calls, answered } = loggedRequest(body.length);
  writeBody(request, body, always);
  expect(request.writableEnded).toBe(true);
  await answered;
  expect(calls).toEqual([`end ${BODY_SLICE_BYTES} @0`]);
  expect(received[0].equals(body)).toBe(true);
});

test('once slice() says no, the rest goes at once', async () => {
  const body = randomBytes(5 * BODY_SLICE_BYTES);
  const { request, calls, answered } = loggedRequest(body.length);
  let asked = 0;
  writeBody(request, body, () => ++asked < 3);
  await answered;
  expect(calls.map((call) => call.split(' @')[0])).toEqual([
    `write ${BODY_SLICE_BYTES}`,
    `write ${BODY_SLICE_BYTES}`,
    `end ${3 * BODY_SLICE_BYTES}`,
  ]);
  expect(received[0].equals(body)).toBe(true);
});

test('a request destroyed between slices gets no more writes and nothing throws', async () => {
  const body = randomBytes(4 * BODY_SLICE_BYTES);
  const { request, calls, answered } = loggedRequest(body.length);
  const failed = answered.catch((error: Error) => error);
  writeBody(request, body, always);
  request.destroy(new Error('gone'));
  expect(((await failed) as Error).message).toBe('gone');
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(calls).toEqual([`write ${BODY_SLICE_BYTES} @0`]);
  expect(received).toHaveLength(0);
});
