// Serves the built renderer on app://tasktray/ with the CSP as a real header: a proper origin for
// the sender check (file:// has none) and no way out of the renderer folder.
import { readFile } from 'node:fs/promises';
import { CSP, mimeType, resolveAppFile } from './security';

export async function appResponse(requestUrl: string, rendererDir: string): Promise<Response> {
  const file = resolveAppFile(requestUrl, rendererDir);
  if (file === null) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeType(file),
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}
