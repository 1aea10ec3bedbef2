/**
 * A warning, on stderr, for a file that holds a secret and that other users can read: the client
 * secret file, the OCI config file and the API key it names. The OCI CLI warns the same way about
 * its config and key files and offers `oci setup repair-file-permissions` to fix them
 * (https://docs.oracle.com/iaas/tools/oci-cli/latest/oci_cli_docs/cmdref/setup/repair-file-permissions.html).
 * A warning, not a refusal: on the day a region is lost, a failover must not wait for a chmod.
 */
import { statSync } from "node:fs";

/** Permission bits that let the group or others read (or write) the file. */
const OPEN_TO_OTHERS = 0o077;

/** Warns when `file` (what it is: `what`) can be read by its group or others; says nothing when it cannot be read at all. */
export function warnIfReadableByOthers(file: string, what: string, write: (text: string) => void = (text) => void process.stderr.write(text)): void {
    if (process.platform === "win32") return;
    let mode: number;
    try {
        mode = statSync(file).mode;
    } catch {
        return;
    }
    if ((mode & OPEN_TO_OTHERS) === 0) return;
    const shown = (mode & 0o777).toString(8).padStart(4, "0");
    write(`oic-dr: warning: ${what} ${file} can be read by its group or others (mode ${shown}): run chmod 600 ${file}\n`);
}
