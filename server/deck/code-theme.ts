// `highlightTheme`: code takes a shiki theme's colours. Code is highlighted once, through the
// palette's variables (shiki's css-variables theme, see highlight.ts), so a theme is the values of
// those variables: each one takes the colour the theme gives a typical scope of its kind, as a
// TextMate theme resolves it (the longest matching scope selector wins). The highlight cache and
// the HTML of the code stay the same whatever the theme.

/** Each palette variable, and the scope whose colour it takes. */
const TOKENS: Record<string, string> = {
  '--ld-code-token-constant': 'constant.numeric',
  '--ld-code-token-string': 'string.quoted.double',
  '--ld-code-token-comment': 'comment.line',
  '--ld-code-token-keyword': 'keyword.control',
  '--ld-code-token-parameter': 'variable.parameter',
  '--ld-code-token-function': 'entity.name.function',
  '--ld-code-token-string-expression': 'string.template',
  '--ld-code-token-punctuation': 'punctuation.definition',
  '--ld-code-token-link': 'markup.underline.link',
};

interface ThemeRule {
  scope?: string | string[];
  settings?: { foreground?: string };
}

interface ShikiTheme {
  type?: string;
  colors?: Record<string, string>;
  tokenColors?: ThemeRule[];
  settings?: ThemeRule[];
}

/** The palette's code variables with the colours of the shiki theme `name` (a bundled one). */
export async function codeThemeColors(name: string): Promise<Record<string, string>> {
  const { bundledThemes } = await import('shiki/themes');
  const load = bundledThemes[name as keyof typeof bundledThemes];
  if (!load) throw new Error(`shiki has no theme "${name}"`);
  const theme = (await load()).default as ShikiTheme;
  const rules = theme.tokenColors ?? theme.settings ?? [];
  const dark = theme.type === 'dark';
  const background = theme.colors?.['editor.background'] ?? (dark ? '#1e1e1e' : '#ffffff');
  const foreground = theme.colors?.['editor.foreground'] ?? rules.find((rule) => rule.scope === undefined)?.settings?.foreground ?? (dark ? '#d4d4d4' : '#1f2933');
  const colors: Record<string, string> = { '--ld-code-background': background, '--ld-code-foreground': foreground };
  for (const [variable, scope] of Object.entries(TOKENS)) colors[variable] = colorOf(rules, scope) ?? foreground;
  return colors;
}

/** The foreground a theme gives `scope`: of the rules whose selector is the scope or a prefix of
 * it (by dotted parts), the most specific; a later rule wins a tie. */
function colorOf(rules: ThemeRule[], scope: string): string | null {
  let best: string | null = null;
  let bestLength = -1;
  for (const rule of rules) {
    const color = rule.settings?.foreground;
    if (!color || rule.scope === undefined) continue;
    const selectors = Array.isArray(rule.scope) ? rule.scope : rule.scope.split(',');
    for (const raw of selectors) {
      const selector = raw.trim();
      // Descendant selectors ("string meta.image") describe nested scopes, not this one.
      if (selector === '' || /\s/.test(selector)) continue;
      if ((scope === selector || scope.startsWith(`${selector}.`)) && selector.length >= bestLength) {
        best = color;
        bestLength = selector.length;
      }
    }
  }
  return best;
}
