// Shrinks a release build in Trunk's staging directory:
//  - the wasm, by wasm-opt (here rather than by Trunk, so that it runs after the next
//    step): leptos' server_fn brings wasm-streams, whose JS classes for streams are
//    exported from the wasm though this app makes none; their exports go, and wasm-opt
//    then drops the code only they reached;
//  - the JavaScript (the wasm-bindgen glue and the app's own modules), by terser:
//    Trunk's minifier cannot parse the glue, so it would ship with its comments and
//    long names;
//  - the names the wasm and its glue call each other by: wasm-bindgen gives each import
//    a 16-digit hash and each closure adapter a name of a hundred characters or more,
//    both in the wasm and in the glue, where they barely compress. They become short.
// The page checks each file's integrity, so index.html gets the new digests.
//   node scripts/minify.mjs STAGING_DIR
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const staging = process.argv[2];
if (!staging) throw new Error('usage: minify.mjs STAGING_DIR');

const digest = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const files = readdirSync(staging, { recursive: true });
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const replaceFile = (path, before, after) => {
  writeFileSync(path, after);
  index = index.replaceAll(digest(before), digest(after));
};

// The wasm and its glue: `name_bg.wasm` and `name.js` side by side.
const wasmName = files.find((name) => name.endsWith('_bg.wasm'));
const wasmPath = join(staging, wasmName);
const gluePath = join(staging, wasmName.replace(/_bg\.wasm$/, '.js'));
// Rust types exported to JS that nothing in the app hands to JS (wasm-streams').
const unused = ['IntoUnderlyingByteSource', 'IntoUnderlyingSink', 'IntoUnderlyingSource'];
const wasm = readFileSync(wasmPath);
const short = shortNames(optimize(withoutExports(wasm, unused)));
replaceFile(wasmPath, wasm, short.wasm);
const hashed = new RegExp(`\\b(${[...short.names.keys()].join('|')})\\b`, 'g');

// The service worker is written after this, and not loaded by the page.
for (const name of files.filter((n) => n.endsWith('.js') && n !== 'sw.js')) {
  const path = join(staging, name);
  const source = readFileSync(path, 'utf8');
  const rename = path === gluePath && short.names.size > 0;
  const renamed = rename ? source.replace(hashed, (n) => short.names.get(n)) : source;
  const text = path === gluePath ? withoutClasses(renamed, unused) : renamed;
  const { code } = await minify(text, {
    module: true,
    compress: { passes: 2 },
    format: { comments: false },
  });
  replaceFile(path, source, code);
}
writeFileSync(indexPath, index);

// wasm-opt, for size (`data-wasm-opt` in index.html is off for this). No browser reads
// the producers and target-features sections. `--low-memory-unused` lets it fold
// constant offsets into loads and stores: Rust lays out the stack first, below 1 MiB
// and growing down, and its data above, so the lowest 1 KiB is reached only by a stack
// 1,023 KiB deep, which overflows a few calls later anyway.
function optimize(bytes) {
  const wasmOpt = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/binaryen/bin/wasm-opt');
  const input = `${wasmPath}.in`;
  writeFileSync(input, bytes);
  const passes = ['-Oz', '--low-memory-unused', '--strip-producers', '--strip-target-features'];
  execFileSync(wasmOpt, [input, ...passes, '-o', wasmPath]);
  rmSync(input);
  return readFileSync(wasmPath);
}

// The glue without the JS classes of `classes`; there must be no way for the wasm to
// make one (wasm-bindgen's `__wrap`).
function withoutClasses(source, classes) {
  let text = source;
  for (const name of classes) {
    if (text.includes(`${name}.__wrap`)) throw new Error(`the wasm makes ${name} objects`);
    text = text
      .replace(`export class ${name} `, `class ${name} `)
      .replace(new RegExp(`^if \\(Symbol\\.dispose\\) ${name}\\.prototype.*$`, 'm'), '')
      .replace(new RegExp(`^const ${name}Finalization = [^;]*;$`, 'm'), '');
  }
  return text;
}

// A wasm module without the exports of the Rust types `classes` (wasm-bindgen names
// them `class_method` and `__wbg_class_free`, in lower case).
function withoutExports(bytes, classes) {
  const prefixes = classes.map((c) => c.toLowerCase());
  const dropped = (name) =>
    prefixes.some((p) => name.startsWith(`${p}_`) || name === `__wbg_${p}_free`);
  return rewriteNames(bytes, (name) => name, (name) => (dropped(name) ? null : name));
}

// Renames the hashed imports and the closure adapters' exports of a wasm module to
// short names. Returns the new module and the names (old -> new).
function shortNames(bytes) {
  const names = new Map();
  const rename = (name, prefix) => {
    const hashed = /_[0-9a-f]{16}$/.test(name) || /^wasm_bindgen_[0-9a-f]{16}___/.test(name);
    if (!hashed) return name;
    if (!names.has(name)) names.set(name, `${prefix}${names.size.toString(36)}`);
    return names.get(name);
  };
  const wasm = rewriteNames(bytes, (name) => rename(name, 'i'), (name) => rename(name, 'x'));
  return { wasm, names };
}

// A wasm module with its imports and exports renamed by `importName` and `exportName`;
// an export for which `exportName` gives null goes.
function rewriteNames(bytes, importName, exportName) {
  const reader = (at) => ({
    at,
    u32() {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = bytes[this.at++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
      }
    },
    name() {
      const length = this.u32();
      this.at += length;
      return bytes.subarray(this.at - length, this.at).toString('utf8');
    },
  });
  const u32 = (value) => {
    const out = [];
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value > 0) byte |= 0x80;
      out.push(byte);
    } while (value > 0);
    return Buffer.from(out);
  };
  const name = (text) => {
    const utf8 = Buffer.from(text, 'utf8');
    return Buffer.concat([u32(utf8.length), utf8]);
  };
  // Skips an import's description (function, table, memory, global or tag).
  const skipImport = (r) => {
    const kind = bytes[r.at++];
    if (kind === 0 || kind === 4) {
      if (kind === 4) r.at++;
      r.u32();
    } else if (kind === 3) {
      r.at += 2;
    } else {
      if (kind === 1) r.at++;
      const flags = bytes[r.at++];
      r.u32();
      if (flags & 1) r.u32();
    }
  };

  const parts = [bytes.subarray(0, 8)];
  const r = reader(8);
  while (r.at < bytes.length) {
    const start = r.at;
    const id = bytes[r.at++];
    const size = r.u32();
    const end = r.at + size;
    if (id !== 2 && id !== 7) {
      parts.push(bytes.subarray(start, end));
      r.at = end;
      continue;
    }
    const body = [];
    const count = r.u32();
    let kept = 0;
    for (let i = 0; i < count; i++) {
      if (id === 2) {
        body.push(name(r.name()), name(importName(r.name())));
        const described = r.at;
        skipImport(r);
        body.push(bytes.subarray(described, r.at));
        kept++;
      } else {
        const renamed = exportName(r.name());
        const described = r.at;
        r.at++;
        r.u32();
        if (renamed === null) continue;
        body.push(name(renamed), bytes.subarray(described, r.at));
        kept++;
      }
    }
    if (r.at !== end) throw new Error(`unexpected layout of wasm section ${id}`);
    const section = Buffer.concat([u32(kept), ...body]);
    parts.push(Buffer.from([id]), u32(section.length), section);
  }
  return Buffer.concat(parts);
}
