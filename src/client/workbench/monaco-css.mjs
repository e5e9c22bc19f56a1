// @ts-check
/**
 * Vite plugin: Monaco's `import './x.css'` become `?inline` strings put in a <style> when
 * its chunk runs. Astro links CSS reached through a dynamic import() on every page of the
 * route (withastro/astro#9495), and Starlight has one route for all docs: without this,
 * every chapter would load Monaco's CSS before the reader asked for an editor.
 */
const CSS_IMPORT = /(^|[;\n])\s*import\s+(['"])([^'"]+\.css)\2\s*;?/g;

/** @returns {import('vite').Plugin} */
export function monacoInlineCss() {
  return {
    name: 'flannel-monaco-inline-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]node_modules[\\/]monaco-editor[\\/].*\.js$/.test(id.split('?')[0] ?? '')) return null;
      let n = 0;
      /** @type {string[]} */
      const heads = [];
      const out = code.replace(CSS_IMPORT, (_m, lead, q, spec) => {
        const name = `__flannelMonacoCss${n++}`;
        heads.push(`import ${name} from ${q}${spec}?inline${q};`);
        return `${lead}__flannelInjectCss(${name});`;
      });
      if (n === 0) return null;
      const inject =
        'function __flannelInjectCss(css){if(typeof document==="undefined")return;' +
        'const s=document.createElement("style");s.dataset.monaco="";s.textContent=css;document.head.append(s);}';
      return { code: heads.join('\n') + '\n' + inject + '\n' + out, map: null };
    },
  };
}
