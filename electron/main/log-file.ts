// The app's log: one JSON line per record in a rotating file (electron-log's file transport, as
// Gitify does), secrets already masked by core's logger; "Open logs" in the tray shows the folder.
// electron-log's Node flavour needs no Electron, so this is tested in plain Node.
import type { Translate } from '../../shared/i18n/format';
import { translator } from '../../shared/i18n/translate';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join, parse } from 'node:path';
import electronLog from 'electron-log/node';
import type { MenuItemConstructorOptions } from 'electron';
import { createLogger, fireAndLog, type LogLevel, type Logger } from '../core/logger';

export const LOG_FILE_NAME = 'main.log';
/** A file past this size is rotated: main.log → main.1.log → main.2.log…, the oldest dropped. */
export const LOG_MAX_BYTES = 1024 * 1024;
export const LOG_ARCHIVES = 3;

const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Shifts `<dir>/main.log` to `main.1.log`, `main.1.log` to `main.2.log`…, keeping `archives`. */
export function rotateLogFile(path: string, archives: number): void {
  const { dir, name, ext } = parse(path);
  const archive = (n: number) => join(dir, `${name}.${n}${ext}`);
  rmSync(archive(archives), { force: true });
  for (let n = archives - 1; n >= 1; n -= 1) {
    if (existsSync(archive(n))) renameSync(archive(n), archive(n + 1));
  }
  renameSync(path, archive(1));
}

export interface LoggingOptions {
  /** The folder (Electron's `app.getPath('logs')`). */
  dir: string;
  level: LogLevel;
  /** Each line also goes here (stderr in the app), or nowhere. */
  echo?: ((line: string) => void) | null;
  maxBytes?: number;
  archives?: number;
}

export interface InstalledLogging {
  logger: Logger;
  /** The current log file. */
  file: string;
  dir: string;
}

export function installLogging(options: LoggingOptions): InstalledLogging {
  const file = join(options.dir, LOG_FILE_NAME);
  const archives = options.archives ?? LOG_ARCHIVES;
  const sink = electronLog.create({ logId: `tasktray:${file}` });
  sink.transports.console.level = false;
  sink.transports.file.level = 'silly';
  sink.transports.file.format = '{text}';
  sink.transports.file.maxSize = options.maxBytes ?? LOG_MAX_BYTES;
  sink.transports.file.resolvePathFn = () => file;
  sink.transports.file.archiveLogFn = (old) => rotateLogFile(old.path, archives);
  const logger = createLogger((record) => {
    if (ORDER.indexOf(record.level) < ORDER.indexOf(options.level)) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level: record.level,
      msg: record.message,
      ...record.fields,
    });
    sink[record.level](line);
    options.echo?.(line);
  });
  return { logger, file, dir: options.dir };
}

/** "Open logs…" for the tray menu: shows the log folder in the file manager. */
export function openLogsMenuItem(
  logging: Pick<InstalledLogging, 'dir' | 'logger'>,
  openPath: (path: string) => Promise<string>,
  t: Translate = translator('en'),
): MenuItemConstructorOptions {
  return {
    label: t('tray.openLogs'),
    click: () => {
      fireAndLog(
        openPath(logging.dir).then((error) => {
          // Electron's shell.openPath answers an error message, or '' when it worked.
          if (error !== '') logging.logger.warn('could not open the log folder', { error });
        }),
        logging.logger,
        'opening the log folder',
      );
    },
  };
}
