// Writes NAME.br (brotli, quality 11) and NAME.gz (gzip -9) beside every
// compressible file under the site root, so the server can answer
// Accept-Encoding with a file instead of compressing on every request.
//   node scripts/precompress.mjs target/site
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /\.(wasm|js|css|svg|html|json|txt)$/;
let written = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (COMPRESSIBLE.test(name)) {
      const bytes = readFileSync(path);
      writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      written++;
    }
  }
}
walk(process.argv[2] || 'target/site');
console.log(`precompressed ${written} files (brotli and gzip)`);
