// Reads a REST request body: JSON, or multipart/form-data with `payload_json` and files.
import type { IncomingMessage } from 'node:http';
import type { AttachmentInfo } from './state';

export interface ParsedBody {
  body: unknown;
  files: AttachmentInfo[];
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function parseBody(request: IncomingMessage): Promise<ParsedBody> {
  const raw = await readAll(request);
  if (raw.length === 0) return { body: null, files: [] };
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let body: unknown = null;
    const files: AttachmentInfo[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        if (key === 'payload_json') body = parseJson(value);
        continue;
      }
      files.push({ name: value.name, size: value.size, contentType: value.type || undefined });
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  return { body: contentType.includes('json') ? parseJson(text) : text, files: [] };
}
