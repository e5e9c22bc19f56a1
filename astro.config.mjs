// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { fileURLToPath } from 'node:url';
import { monacoInlineCss } from './src/client/workbench/monaco-css.mjs';
import { minifyChunks } from './scripts/minify-chunks.mjs';

export default defineConfig({
  site: 'https://flannel-lab.example',
  // Starlight has no root locale here, so nothing would answer at `/`.
  redirects: { '/': '/zh-cn/' },
  integrations: [
    starlight({
      title: { 'zh-CN': 'flannel 实验室', en: 'flannel lab' },
      description: 'flannel, the Kubernetes CNI, explained with a node network stack that runs in your browser.',
      defaultLocale: 'zh-cn',
      locales: {
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      favicon: '/favicon.svg',
      customCss: ['./src/styles/site.css'],
      lastUpdated: false,
      pagination: true,
    }),
  ],
  vite: {
    // Monaco's CSS is injected when its chunk runs, not linked on every page.
    plugins: [monacoInlineCss()],
    // content/ sits at the top level and is reached through the src/content/docs symlink.
    resolve: {
      preserveSymlinks: true,
      alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) },
    },
    // Code-splitting inside the worker needs ES output. The emulator worker is built by the
    // server pass (Terminal.astro puts its address in the page), which does not minify.
    worker: { format: 'es', plugins: () => [minifyChunks()] },
  },
});
