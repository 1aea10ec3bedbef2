/**
 * What a program evaluated by `oic-dr` gets for a `secure:` stack value it could not decrypt (no
 * passphrase, or a secrets provider other than the passphrase): an opaque secret whose plaintext,
 * and so its format, is unknown. `pulumi up` always hands the program the decrypted value.
 *
 * A module of its own, with no imports: the command's config loader needs this one constant
 * without loading the components (and `@pulumi/pulumi`, most of the command's start-up).
 */
export const UNDECRYPTED_SECRET = "[secret]";
