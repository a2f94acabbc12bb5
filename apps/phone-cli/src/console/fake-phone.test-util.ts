/** A recording PhoneControl for the console tests: it isolates the console layer from SIP and RTP. */
import type { CallView, OptionsAnswer, PhoneControl, PhoneEventLike } from './phone-control.js';

export class FakePhone implements PhoneControl {
  readonly calls: string[] = [];
  readonly listeners = new Set<(e: PhoneEventLike) => void>();
  profiles: readonly string[] = ['alice', 'work'];
  activeProfile = 'alice';
  activeLine = 1;
  lineCount = 2;
  line: (CallView | undefined)[] = [undefined, undefined];
  dnd = false;
  autoAnswer = false;
  muted = false;
  failWith: Error | undefined;
  optionsAnswer: OptionsAnswer = { status: 200, reason: 'OK', allow: 'INVITE, BYE' };

  #rec(what: string): void {
    this.calls.push(what);
    if (this.failWith) throw this.failWith;
  }
  emit(e: PhoneEventLike): void {
    for (const l of this.listeners) l(e);
  }
  callOn(line = this.activeLine): CallView | undefined {
    return this.line[line - 1];
  }
  async call(uri: string, options = {}): Promise<number> {
    this.#rec(`call ${uri} ${JSON.stringify(options)}`);
    return this.activeLine;
  }
  async redial(): Promise<number> {
    this.#rec('redial');
    return this.activeLine;
  }
  async answer(): Promise<void> {
    this.#rec('answer');
  }
  reject(): void {
    this.#rec('reject');
  }
  async bye(): Promise<void> {
    this.#rec('bye');
  }
  async hold(): Promise<void> {
    this.#rec('hold');
  }
  async retrieve(): Promise<void> {
    this.#rec('retrieve');
  }
  mute(on: boolean): void {
    this.#rec(`mute ${on}`);
  }
  async dtmf(digits: string): Promise<void> {
    this.#rec(`dtmf ${digits}`);
  }
  async register(profile?: string): Promise<void> {
    this.#rec(`register ${profile ?? ''}`.trim());
  }
  async registerAll(): Promise<void> {
    this.#rec('registerAll');
  }
  async deregister(profile?: string, all = false): Promise<void> {
    this.#rec(`deregister ${profile} ${all}`);
  }
  async fetchRegistrations(): Promise<readonly string[]> {
    this.#rec('fetch');
    return ['sip:alice@10.0.0.1:5060'];
  }
  async options(uri: string): Promise<OptionsAnswer> {
    this.#rec(`options ${uri}`);
    return this.optionsAnswer;
  }
  async selectLine(line: number): Promise<void> {
    this.#rec(`line ${line}`);
    this.activeLine = line;
  }
  selectProfile(name: string): void {
    this.#rec(`user ${name}`);
    this.activeProfile = name;
  }
  setDnd(on: boolean): void {
    this.#rec(`dnd ${on}`);
    this.dnd = on;
  }
  setAutoAnswer(on: boolean): void {
    this.#rec(`auto ${on}`);
    this.autoAnswer = on;
  }
  setForwarding(when: string, destinations: readonly string[]): void {
    this.#rec(`forward ${when === 'noAnswer' ? 'noanswer' : when} ${destinations.join(',')}`);
  }
  redirect(destinations: readonly string[]): readonly string[] {
    this.#rec(`redirect ${destinations.join(',')}`);
    return destinations.map((d) => `<${d}>`);
  }
  answerRedirect(accept: boolean): number | undefined {
    this.#rec(`follow ${accept}`);
    return accept ? this.activeLine : undefined;
  }
  async quit(): Promise<void> {
    this.#rec('quit');
  }
  on(listener: (e: PhoneEventLike) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
