import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { formatIssues, KoruError, UploadQuery, type Result } from '../../contract';
import { contentTypeFor } from '../renderer-host';
import type { FileRegistry } from '../files';
import type { Log } from '../log';
import { SECURITY_HEADERS } from './headers';

/**
 * Files over HTTP: uploads (`POST`, the token in an Authorization header, streamed to disk) and
 * downloads of exports (`GET`, a short-lived signed link, since a plain link cannot carry a
 * header). Both answer with the contract's Result shape on failure, so the page shows the same
 * typed errors as for a call.
 */

export function sendResult(res: ServerResponse, status: number, result: Result, extra: Record<string, string> = {}): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

/** `attachment` with an ASCII fallback and the exact name in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_').trim() || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, files: FileRegistry, log: Log): Promise<void> {
  const query = UploadQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    const { message, details } = formatIssues(query.error);
    return sendResult(res, 400, { ok: false, error: { code: 'BAD_INPUT', message, details } }, { Connection: 'close' });
  }
  const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
  // A PassThrough between the request and the file: a refused upload destroys it, not the
  // socket, so the sender still gets the answer saying why.
  const body = new PassThrough();
  req.pipe(body);
  try {
    const info = await files.receive(body, { ...query.data, declaredBytes: declared });
    sendResult(res, 200, { ok: true, value: info });
  } catch (err) {
    req.unpipe(body);
    const shape = err instanceof KoruError ? err.toShape() : { code: 'INTERNAL' as const, message: 'The upload could not be stored; see the log.' };
    if (!(err instanceof KoruError)) log('error', 'web: upload failed', err);
    const tooLarge = err instanceof KoruError && typeof (err.details as { limitBytes?: unknown } | undefined)?.limitBytes === 'number';
    // The rest of the body is not read: close the connection once the answer is out.
    sendResult(res, tooLarge ? 413 : shape.code === 'BAD_INPUT' ? 400 : 500, { ok: false, error: shape }, { Connection: 'close' });
    res.once('finish', () => req.destroy());
  }
}

export function handleDownload(req: IncomingMessage, res: ServerResponse, fileId: string, url: URL, files: FileRegistry, log: Log): void {
  const file = files.verifyDownload(fileId, url.searchParams.get('expires'), url.searchParams.get('sig'));
  if (!file) {
    const message = 'This download link has expired or is not valid; press Download in Koru again.';
    return sendResult(res, 403, { ok: false, error: { code: 'UNAUTHORIZED', message } });
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentTypeFor(file.path),
    'Content-Length': String(file.bytes),
    'Content-Disposition': contentDisposition(file.name),
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file.path);
  stream.on('error', (err) => {
    log('warn', `web: reading ${file.path} failed`, err);
    res.destroy();
  });
  stream.pipe(res);
}
