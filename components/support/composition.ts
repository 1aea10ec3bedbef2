/**
 * The internal construction path of a child composed by DrPairedIntegration.
 *
 * A component used on its own validates its arguments and resolves its pair. Composed by
 * DrPairedIntegration, which has validated the whole deployment and resolved the pair once, it
 * receives those results instead and parses nothing again. The results travel under a symbol
 * key that users cannot write by accident, and this module is stripped from the typings.
 *
 * @internal
 */

const COMPOSED = Symbol("oic-dr.composed");

/** Arguments that carry a parent's validated values instead of user input. @internal */
export function composedArgs<Args, Validated>(validated: Validated): Args {
    return { [COMPOSED]: validated } as unknown as Args;
}

/** The validated values a parent passed, or undefined for a component used on its own. @internal */
export function composedValues<Validated>(args: unknown): Validated | undefined {
    return typeof args === "object" && args !== null && COMPOSED in args ? ((args as Record<symbol, Validated>)[COMPOSED]) : undefined;
}
