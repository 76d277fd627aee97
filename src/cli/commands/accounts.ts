/**
 * Setting up a clinic from the server's console: `neckcheck clinic create` (a clinic and its first admin)
 * and `neckcheck user reset-password`. Each prints a one-time password, to be changed at the first login.
 */
import type { Command } from 'commander';
import { ClinicSetupError, createClinic, resetPassword } from '../../server/services/clinic-setup.js';
import { CliError } from '../errors.js';
import type { ExitCode } from '../exit-codes.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { StoreOptions } from '../store-options.js';
import { withStore, withStoreOptions } from '../store-options.js';

interface ClinicCreateOptions extends StoreOptions {
  name: string;
  adminEmail: string;
  adminName: string;
  publicUrl?: string;
}

function loginUrl(publicUrl: string | undefined): string {
  const base = publicUrl ?? process.env.NECKCHECK_PUBLIC_URL ?? 'http://127.0.0.1:3000';
  return `${base.replace(/\/$/, '')}/login`;
}

/** The setup's refusals are the operator's to fix: a clear message and exit code 2. */
function setupError(error: unknown): never {
  if (error instanceof ClinicSetupError) throw new CliError(error.message, EXIT_CODES.badInput);
  throw error;
}

export function addAccountCommands(program: Command, io: CliIo, done: (code: ExitCode) => void): void {
  const clinic = program.command('clinic').description('set up a clinic');
  withStoreOptions(clinic.command('create'))
    .description('create a clinic and its first admin; prints a one-time password to change at first login')
    .requiredOption('--name <name>', "the clinic's name")
    .requiredOption('--admin-email <email>', "the first admin's e-mail, used to log in")
    .option('--admin-name <name>', "the first admin's name", 'Clinic admin')
    .option('--public-url <url>', 'public address of the server, for the login link (NECKCHECK_PUBLIC_URL)')
    .action(async (options: ClinicCreateOptions) => {
      const created = await withStore(options, (store) =>
        createClinic(store, {
          name: options.name,
          adminEmail: options.adminEmail,
          adminName: options.adminName,
          now: io.now(),
        }),
      ).catch(setupError);
      io.out(
        [
          `Clinic "${created.clinic.name}" created, with its admin ${created.admin.email}.`,
          `One-time password: ${created.oneTimePassword}`,
          `Log in at ${loginUrl(options.publicUrl)} and choose a new password; nothing else works until then.`,
          '',
        ].join('\n'),
      );
      done(EXIT_CODES.proceed);
    });

  const user = program.command('user').description("manage a user's access");
  withStoreOptions(user.command('reset-password'))
    .description('give a user a new one-time password; their sessions end and their account is unlocked')
    .requiredOption('--email <email>', "the user's e-mail")
    .option('--public-url <url>', 'public address of the server, for the login link (NECKCHECK_PUBLIC_URL)')
    .action(async (options: StoreOptions & { email: string; publicUrl?: string }) => {
      const reset = await withStore(options, (store) =>
        resetPassword(store, { email: options.email, now: io.now() }),
      ).catch(setupError);
      io.out(
        [
          `New one-time password for ${reset.user.email}: ${reset.oneTimePassword}`,
          `They log in at ${loginUrl(options.publicUrl)} and choose a new password; their sessions have ended.`,
          '',
        ].join('\n'),
      );
      done(EXIT_CODES.proceed);
    });
}
