// The CLI in the user's language: LANG / LC_ALL / LC_MESSAGES (es → Spanish, else English), or
// --lang, for its help, its own messages, health states, config-file problems and vendor errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, cliLanguage } from '../../electron/cli/program';
import { MemorySecretStore } from '../../electron/core/ports';
import { startSimulator, type RunningSimulator } from '../../electron/simulator/server';
import { createSimTask } from '../../electron/simulator/task-factory';
import { cliHome, runCliIn, simGeoSecretEnv } from '../helpers/cli';
import { simGeoAccount } from '../helpers/sim-accounts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
  createSimTask(sim.world, 'geotareas', { title: 'Revisar parcela' });
});

afterAll(async () => {
  await sim.close();
});

const home = (config?: unknown): string => cliHome(config, 'tasktray-lang-');
const geoAccount = () => simGeoAccount(sim);
const geoSecrets = simGeoSecretEnv();

const run = (
  args: string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  options: { stop?: AbortSignal; onErr?: (line: string) => void } = {},
) => runCliIn(args, dir, { ...options, env, keychain: new MemorySecretStore() });

describe('the CLI’s language', () => {
  it('comes from LC_ALL, then LC_MESSAGES, then LANG; --lang wins over all', () => {
    expect(cliLanguage([], { LANG: 'es_ES.UTF-8' }).language).toBe('es');
    expect(cliLanguage([], { LANG: 'es_ES.UTF-8', LC_ALL: 'en_US.UTF-8' }).language).toBe('en');
    expect(cliLanguage([], { LANG: 'en_US.UTF-8', LC_MESSAGES: 'es_MX' }).language).toBe('es');
    expect(cliLanguage([], { LANG: 'fr_FR.UTF-8' }).language).toBe('en');
    expect(cliLanguage([], {}).language).toBe('en');
    expect(cliLanguage(['list', '--lang', 'es'], { LANG: 'C' })).toEqual({
      language: 'es',
      given: 'es',
    });
    expect(cliLanguage(['--lang=en', 'list'], { LANG: 'es_ES' }).language).toBe('en');
    // After `--` it is an argument, not the option.
    expect(cliLanguage(['--', '--lang', 'es'], {}).language).toBe('en');
  });

  it('speaks Spanish in help and its own messages under LANG=es_ES', async () => {
    const help = await run(['--help'], home(), { LANG: 'es_ES.UTF-8' });
    expect(help.code).toBe(EXIT.ok);
    expect(help.out).toContain('listar las tareas abiertas de todas las cuentas');
    expect(help.out).toContain('el idioma de los mensajes');
    // Commander's own words too: headings, the help option, choices, parse errors.
    expect(help.out).toMatch(/^Uso: tasktray/);
    expect(help.out).toContain('Opciones:');
    expect(help.out).toContain('Órdenes:');
    expect(help.out).toContain('mostrar la ayuda de la orden');
    expect(help.out).toContain('(valores: "en", "es")');
    expect(help.out).not.toMatch(/Usage:|Options:|Commands:|display help|choices:/);
    const unknown = await run(['list', '--bogus'], home(), { LANG: 'es_ES.UTF-8' });
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toContain("error: opción desconocida '--bogus'");
    expect(unknown.err).toContain('(ejecuta `tasktray --help` para ver el uso)');
    const choice = await run(['reassign', 'a:1', '--distribution', 'x'], home(), {
      LC_ALL: 'es_ES.UTF-8',
    });
    expect(choice.err).toContain('Valores permitidos: all, workload, round-robin.');
    const english = await run(['list', '--bogus'], home(), { LANG: 'en_GB.UTF-8' });
    expect(english.err).toContain("error: unknown option '--bogus'");

    const none = await run(['list'], home(), { LANG: 'es_ES.UTF-8' });
    expect(none.code).toBe(EXIT.config);
    expect(none.err).toContain('No hay cuentas configuradas');
    expect(none.err).not.toContain('No accounts are configured');

    const chosen = await run(['list', '--lang', 'en'], home(), { LANG: 'es_ES.UTF-8' });
    expect(chosen.err).toContain('No accounts are configured');
    const badLang = await run(['--lang', 'fr', 'list'], home(), {});
    expect(badLang.code).toBe(EXIT.usage);
  });

  it('says what is wrong with the config file in Spanish, schema errors included', async () => {
    const dir = home({
      timezone: 'Europe/Madrid',
      alerts: { overdueReminderMinutes: -5 },
      accounts: [
        { ...geoAccount(), email: 'not-an-email' },
        { ...geoAccount(), id: 'b', baseUrl: 'http://example.com' },
        { ...geoAccount(), id: 'Bad Id' },
      ],
    });
    const result = await run(['list'], dir, { LANG: 'es_ES.UTF-8' });
    expect(result.code).toBe(EXIT.config);
    expect(result.err).toContain('timezone no es un ajuste que Tasktray conozca');
    expect(result.err).toContain('accounts[1]: baseUrl debe ser una URL https');
    expect(result.err).toMatch(/accounts\[0\]: email .*(correo|Inválid)/);
    expect(result.err).toContain('accounts[2]: id usa letras minúsculas');
    expect(result.err).toMatch(/Corrige primero .*config\.json/);
    expect(result.err).not.toMatch(/is not a setting|must be|Invalid|Too small/);
  });

  it('prints tasks, health states and vendor errors in Spanish', async () => {
    const dir = home({ accounts: [geoAccount()] });
    const listed = await run(['list'], dir, { LANG: 'es_ES.UTF-8', ...geoSecrets });
    expect(listed.code).toBe(EXIT.ok);
    expect(listed.out).toMatch(/^ID\s+PROVEEDOR\s+TÍTULO\s+VENCE/);
    expect(listed.out).toContain('Revisar parcela');

    const missing = await run(['list'], dir, { LANG: 'es_ES.UTF-8' });
    expect(missing.code).toBe(EXIT.failed);
    expect(missing.err).toContain('Para dar a Tasktray el');
    expect(missing.err).toContain('No se ha podido leer 1 cuenta.');

    const stop = new AbortController();
    const watched = await run(
      ['watch', '--no-notify'],
      dir,
      { LANG: 'es_ES.UTF-8', ...geoSecrets },
      {
        stop: stop.signal,
        onErr: (line) => {
          if (line.startsWith('tasktray: geo: ')) stop.abort();
        },
      },
    );
    expect(watched.code).toBe(EXIT.ok);
    expect(watched.err).toContain('tasktray: geo: Correcto');
  });
});
