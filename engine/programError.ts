/** Anything that stops a program from being evaluated: the CLI prints the message and exits 2. */
export class ProgramError extends Error {
    override name = "ProgramError";
}
