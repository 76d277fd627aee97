import { beforeAll, describe, expect, it } from 'vitest';
import type { Assessment, KnowledgeBase } from '../../src/core/index.js';
import { assess, loadKnowledgeBase } from '../../src/core/index.js';
import { renderHtml, renderMarkdown, renderText } from '../../src/report/index.js';
import { MINI_KB, miniSources } from '../helpers/mini-kb.js';

/** The mini knowledge base, with texts that contain markup and ampersands. */
function hostileKb(): KnowledgeBase {
  const replace = (file: string, from: string, to: string): string => {
    const text = MINI_KB[file] ?? '';
    if (!text.includes(from)) throw new Error(`"${from}" is not in ${file}`);
    return text.replaceAll(from, to);
  };
  const rules = replace('rules.yaml', 'Call emergency services', '<script>alert(1)</script> & call');
  const result = loadKnowledgeBase(
    miniSources({
      'kb.yaml': replace('kb.yaml', 'Not a medical device', 'Not a <i>medical</i> device & no diagnosis'),
      'questions.yaml': replace('questions.yaml', 'Sudden', 'Pain <b>sudden</b> & severe'),
      'rules.yaml': rules.replace('title: { en: "Sudden pain"', 'title: { en: "Sudden <pain> & more"'),
    }),
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value.kb;
}

let kb: KnowledgeBase;
let assessment: Assessment;
beforeAll(() => {
  kb = hostileKb();
  assessment = assess(kb, { pain: true, pain_sudden: true, age: 30 });
});

describe('escaping of knowledge-base texts', () => {
  it('starts from an emergency whose texts contain < and &', () => {
    expect(assessment.disposition).toBe('emergency');
    expect(assessment.findings[0]?.title.en).toBe('Sudden <pain> & more');
  });

  it('escapes every text in HTML and keeps the page free of scripts', () => {
    const html = renderHtml(kb, assessment, 'en', { audience: 'client' });
    expect(html).toContain('Sudden &lt;pain&gt; &amp; more');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; call');
    expect(html).toContain('Pain &lt;b&gt;sudden&lt;/b&gt; &amp; severe');
    expect(html).toContain('Not a &lt;i&gt;medical&lt;/i&gt; device &amp; no diagnosis');
    expect(html).not.toMatch(/<script|<pain>|<b>sudden|<i>medical/);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
    expect(html).toContain('<a href="https://doi.org/10.1000/test">');
  });

  it('escapes Markdown', () => {
    const md = renderMarkdown(kb, assessment, 'en', { audience: 'client' });
    expect(md).toContain('Sudden \\<pain\\> \\& more');
    expect(md).not.toContain('<script>');
  });

  it('keeps plain text as written', () => {
    expect(renderText(kb, assessment, 'en')).toContain('Sudden <pain> & more');
  });
});
