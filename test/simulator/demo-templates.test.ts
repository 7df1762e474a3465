// The demo's task templates are read through a schema: the shipped file passes, a broken one is
// refused with the place of the mistake named.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDemoTemplates } from '../../electron/simulator/demo-templates';

const shipped: unknown = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../electron/simulator/demo-tasks.json'), 'utf8'),
);

describe('demo task templates', () => {
  it('reads the shipped file: every vendor has tasks, each with a title and its results', () => {
    const templates = parseDemoTemplates(shipped);
    for (const list of Object.values(templates)) {
      expect(list.length).toBeGreaterThan(0);
      for (const template of list) expect(template.title).not.toBe('');
    }
  });

  it('refuses a template with a mistake, naming where it is', () => {
    const broken = structuredClone(shipped) as { uipath: { fields: { type: string }[] }[] };
    const first = broken.uipath.find((t) => t.fields.length > 0);
    if (!first?.fields[0]) throw new Error('the shipped UiPath templates have no field to break');
    first.fields[0].type = 'checkbox';
    expect(() => parseDemoTemplates(broken)).toThrow(/demo-tasks\.json.*\n?.*uipath/s);
    expect(() => parseDemoTemplates({ ...(shipped as object), maxsight: [] })).toThrow(/maxsight/);
  });
});
