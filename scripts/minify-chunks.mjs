// A Vite/Rollup plugin that minifies each output chunk with esbuild: the emulator worker is
// bundled by Astro's server pass, which leaves code unminified, yet it ships to browsers.
import { transform } from 'esbuild';

/** @returns {import('vite').Plugin} */
export function minifyChunks() {
  return {
    name: 'flannel-lab:minify-chunks',
    apply: 'build',
    async renderChunk(code) {
      const out = await transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
      return { code: out.code, map: null };
    },
  };
}
