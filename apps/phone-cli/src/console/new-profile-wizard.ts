/**
 * `--new-profile NAME`: asks the few fields a provider's account needs and
 * writes `NAME.cfg` (mode 0600) with Twinkle's defaults for the rest.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { createProfile, type NewProfileAnswers, resolveConfigDir } from '@twinkle/phone';

export interface WizardIo {
  readonly input: Readable;
  readonly output: Writable;
  err(line: string): void;
}

export async function runNewProfileWizard(
  name: string,
  configDir: string | undefined,
  io: WizardIo,
): Promise<number> {
  const rl = createInterface({ input: io.input, output: io.output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  // Works for a person and for answers piped in, one per line.
  const ask = async (q: string): Promise<string> => {
    io.output.write(q);
    const next = await lines.next();
    return next.done ? '' : next.value.trim();
  };
  try {
    io.output.write(`New profile ${name}. Empty answers keep the default.\n`);
    const userName = await ask('SIP user name: ');
    const domain = await ask('SIP domain (provider): ');
    const displayName = await ask('Your name (display): ');
    const authName = await ask('Authentication name [user name]: ');
    const password = await ask('Password: ');
    const registrar = await ask('Registrar [domain]: ');
    const outboundProxy = await ask('Outbound proxy [none]: ');
    const register = !/^n/i.test(await ask('Register at startup? [Y/n]: '));
    const answers: NewProfileAnswers = {
      userName,
      domain,
      displayName,
      authName,
      password,
      registrar,
      outboundProxy,
      register,
    };
    const dir = resolveConfigDir(configDir);
    await createProfile(dir, name, answers);
    io.output.write(`Profile ${name} written to ${dir}. Start it with: twinkle -f ${name}\n`);
    return 0;
  } catch (e) {
    io.err(`twinkle: ${(e as Error).message}`);
    return 1;
  } finally {
    rl.close();
  }
}
