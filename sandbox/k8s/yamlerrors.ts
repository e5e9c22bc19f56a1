/**
 * Parse kubectl's input (multi-document YAML or JSON) with the `yaml`
 * package and report problems in go-yaml's words, as sigs.k8s.io/yaml does:
 * `error converting YAML to JSON: yaml: line N: <libyaml message>`.
 */
import YAML from 'yaml';

export type ParsedDoc = { value: unknown; line: number };

function goYamlMessage(code: string, message: string): string {
  const m = message.split('\n')[0] ?? '';
  if (/Flow sequence/.test(m)) return "did not find expected ',' or ']'";
  if (/Flow map/.test(m)) return "did not find expected ',' or '}'";
  if (/closing .*quote/i.test(m)) return 'found unexpected end of stream';
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'mapping values are not allowed in this context';
    case 'BAD_INDENT':
      return 'did not find expected key';
    case 'KEY_OVER_1024_CHARS':
      return "could not find expected ':'";
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return 'found character that cannot start any token';
    case 'UNEXPECTED_TOKEN':
      if (/map-value-ind|":"/.test(m)) return 'mapping values are not allowed in this context';
      if (/seq-item-ind|"-"/.test(m)) return 'block sequence entries are not allowed in this context';
      return "did not find expected '-' indicator";
    case 'DUPLICATE_KEY':
      return 'mapping key already defined';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
      return 'unknown anchor referenced';
    case 'BAD_DQ_ESCAPE':
      return 'found unknown escape character while parsing a quoted scalar';
    default:
      return 'did not find expected node content';
  }
}

export function parseDocuments(text: string): { ok: true; docs: ParsedDoc[] } | { ok: false; error: string } {
  let docs: ReturnType<typeof YAML.parseAllDocuments>;
  try {
    docs = YAML.parseAllDocuments(text, { uniqueKeys: true });
  } catch (e) {
    return { ok: false, error: `error converting YAML to JSON: yaml: ${e instanceof Error ? e.message : String(e)}` };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const out: ParsedDoc[] = [];
  for (const d of list) {
    if (!('errors' in d)) continue;
    const err = d.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line ?? 1;
      return {
        ok: false,
        error: `error converting YAML to JSON: yaml: line ${line}: ${goYamlMessage(err.code, err.message)}`,
      };
    }
    let value: unknown;
    try {
      value = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { ok: false, error: `error converting YAML to JSON: yaml: ${e instanceof Error ? e.message : String(e)}` };
    }
    const line = d.contents?.range ? text.slice(0, d.contents.range[0]).split('\n').length : 1;
    if (value === null || value === undefined) continue;
    out.push({ value, line });
  }
  return { ok: true, docs: out };
}
