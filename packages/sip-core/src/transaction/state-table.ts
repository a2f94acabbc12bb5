/**
 * Explicit state tables (STYLE.md section 6): for each state, the inputs it
 * handles and the transition each causes, as [next state, action name].
 * Inputs a state does not list are ignored (and logged by the runner).
 */

/** One transition: the next state and the name of the action to run. */
export type Transition<S extends string, A extends string> = readonly [next: S, action: A];

/** A whole machine: every state, with the inputs it takes. */
export type StateTable<S extends string, I extends string, A extends string> = {
  readonly [K in S]: { readonly [J in I]?: Transition<S, A> };
};

/** The transition for `input` in `state`, or undefined when the state ignores it. */
export function transitionOf<S extends string, I extends string, A extends string>(
  table: StateTable<S, I, A>,
  state: S,
  input: I,
): Transition<S, A> | undefined {
  return table[state][input];
}
