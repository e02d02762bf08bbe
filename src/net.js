// HTTP for src/net.rs: one fetch with the API's headers, shorter from here than through
// web-sys's Headers, Request and AbortController.

// Sends a request; with `timeoutMs`, gives up once it has passed (aborting also ends an
// error body still being read). Resolves to [status, response] once the headers are
// in: for an error status, the response's body as JSON instead (undefined if it is not
// JSON). Rejects when no answer came at all (offline, server down, timed out).
export async function send(method, path, body, token, timeoutMs) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  const controller = new AbortController();
  const timer = timeoutMs ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  try {
    const response = await fetch(path, { method, headers, body, signal: controller.signal });
    if (response.ok) return [response.status, response];
    return [response.status, await response.json().catch(() => undefined)];
  } finally {
    clearTimeout(timer);
  }
}

// A header of a successful response (null if it has none).
export function header(response, name) {
  return response.headers.get(name);
}

// The body of a successful response as JSON; rejects if it cannot be read or parsed.
export function json(response) {
  return response.json();
}

// Fetches a file the API makes for the signed-in person and saves it through a Blob
// link, named as the server's Content-Disposition says. Resolves to [status, file name]
// once saved, or [status, error body as JSON] for an error status; rejects when no
// answer came (offline, server down).
export async function download(path, token, fallbackName) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) return [response.status, await response.json().catch(() => undefined)];
  const blob = await response.blob();
  const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
  const name = named ? named[1] : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started reading the Blob by now; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return [response.status, name];
}
