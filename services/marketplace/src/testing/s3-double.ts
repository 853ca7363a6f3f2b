import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsV4Signer } from 'aws4fetch';

/** A loopback stand-in for an S3-compatible bucket: path-style PUT and GET of whole objects. */
export interface S3Double {
  readonly endpoint: URL;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly objects: Map<string, Buffer>;
  /** The next `count` requests answer `status` (e.g. 503), to exercise retries. */
  failNext(status: number, count?: number): void;
  close(): Promise<void>;
}

/**
 * Checks what a real service would refuse: the SigV4 signature (recomputed with the same secret
 * over the headers the client signed), the signed payload hash and `x-amz-checksum-sha256`.
 */
export async function startS3Double(): Promise<S3Double> {
  const settings = {
    bucket: 'contracts',
    region: 'eu-west-1',
    // Made up for each double, as a test's own credentials should be.
    accessKeyId: `TEST${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
  };
  const objects = new Map<string, Buffer>();
  const failures: number[] = [];
  const server = createServer((request, response) => {
    void handle(request, response).catch(() => answer(response, 500));
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const failure = failures.shift();
    if (failure !== undefined) return answer(response, failure);
    if (!(await isSignedCorrectly(request, settings))) return answer(response, 403);
    const key = (request.url ?? '').replace(`/${settings.bucket}/`, '');
    if (request.method === 'PUT') {
      const hex = createHash('sha256').update(body).digest('hex');
      const checksum = Buffer.from(hex, 'hex').toString('base64');
      if (request.headers['x-amz-content-sha256'] !== hex) return answer(response, 400);
      if (request.headers['x-amz-checksum-sha256'] !== checksum) return answer(response, 400);
      objects.set(key, body);
      return answer(response, 200);
    }
    const stored = objects.get(key);
    if (request.method !== 'GET' || stored === undefined) return answer(response, 404);
    response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(stored);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...settings,
    endpoint: new URL(`http://127.0.0.1:${port}`),
    objects,
    failNext(status, count = 1) {
      for (let index = 0; index < count; index += 1) failures.push(status);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function answer(response: ServerResponse, status: number): void {
  response.writeHead(status).end();
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function isSignedCorrectly(
  request: IncomingMessage,
  settings: { region: string; accessKeyId: string; secretAccessKey: string },
): Promise<boolean> {
  const authorization = request.headers.authorization ?? '';
  const signed = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const headers = new Headers();
  for (const name of signed) {
    const value = request.headers[name];
    if (name !== 'host' && typeof value === 'string') headers.set(name, value);
  }
  const signer = new AwsV4Signer({
    method: request.method ?? 'GET',
    url: `http://${request.headers.host}${request.url}`,
    headers,
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    service: 's3',
    region: settings.region,
    datetime: String(request.headers['x-amz-date']),
  });
  return authorization !== '' && (await signer.authHeader()) === authorization;
}
