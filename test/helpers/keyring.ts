// Keychain tests need a real Secret Service: scripts/with-keyring.sh provides one. Without it they
// say so and skip — except in CI, where a missing keyring is a failure.
export const hasTestKeyring = process.env.TASKTRAY_TEST_KEYRING === '1';

export function requireKeyringInCi(): void {
  if (!hasTestKeyring && process.env.CI === 'true') {
    throw new Error(
      'CI must run the keychain tests: run vitest through scripts/with-keyring.sh (npm test does).',
    );
  }
  if (!hasTestKeyring)
    console.warn('Keychain tests skipped: no test keyring (run `npm test`, which provides one).');
}
