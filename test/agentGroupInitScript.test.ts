/**
 * The agent group's init script, run for real: under `sh` with GNU coreutils first on PATH, and
 * under `busybox sh` with only busybox's applets on PATH (what small images have). Each scenario
 * works in a temp directory laid out as the pod is: the image's distribution, the Secret's mount
 * and the persistent install directory.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_AGENT_VERSION_FILE, INSTALLED_VERSION_MARKER, renderInitScript } from "../components/agentGroup/initScript";

const SECRET = "client-secret-init-9d2e";

/** busybox's path; never skipped: CI installs it (.ci/run). */
function busyboxBinary(): string {
    const busybox = spawnSync("sh", ["-c", "command -v busybox"], { encoding: "utf8" }).stdout.trim();
    if (!busybox) throw new Error("busybox is not installed: apt-get install -y busybox (.ci/run installs it)");
    return busybox;
}

/** A directory with one link per busybox applet: busybox's tools and nothing else. */
function busyboxPath(dir: string, busybox: string): string {
    const bin = path.join(dir, "busybox-bin");
    fs.mkdirSync(bin);
    const applets = spawnSync(busybox, ["--list"], { encoding: "utf8" }).stdout.split("\n").filter(Boolean);
    for (const applet of applets) fs.symlinkSync(busybox, path.join(bin, applet));
    return bin;
}

const SHELLS = [
    { name: "sh with GNU coreutils", busybox: false },
    { name: "busybox sh with busybox applets only", busybox: true },
] as const;

describe.each(SHELLS)("the init script under $name", ({ busybox }) => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let shell: string[];
    const at = (...parts: string[]) => path.join(dir, ...parts);
    const read = (...parts: string[]) => fs.readFileSync(at(...parts), "utf8");
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(at(file)), { recursive: true });
        fs.writeFileSync(at(file), text);
    };
    /** The image's distribution at a version, with a jar that names it and a profile template. */
    const image = (version: string) => {
        fs.rmSync(at("image"), { recursive: true, force: true });
        write("image/oic-agent-version", `${version}\n`);
        write("image/connectivityagent.jar", `jar ${version}`);
        write(`image/only-in-${version}.txt`, version);
        write("image/agenthome/lib/agent.jar", `lib ${version}`);
        write("image/InstallerProfile.cfg", "# template\noic_URL=\n");
        fs.chmodSync(at("image/InstallerProfile.cfg"), 0o644);
    };
    const profile = (text: string) => {
        fs.rmSync(at("secret"), { recursive: true, force: true });
        write("secret/InstallerProfile.cfg", text);
        fs.chmodSync(at("secret/InstallerProfile.cfg"), 0o440); // the Secret volume's defaultMode
    };
    const start = () => {
        const script = renderInitScript({
            agentHome: at("home"),
            distributionPath: at("image"),
            profileSource: at("secret", "InstallerProfile.cfg"),
            agentVersionFile: DEFAULT_AGENT_VERSION_FILE,
        });
        const run = spawnSync(shell[0]!, [...shell.slice(1), "-c", script], { env, encoding: "utf8", cwd: dir });
        expect(run.stdout + run.stderr).not.toContain(SECRET);
        return run;
    };
    const started = () => {
        const run = start();
        expect(run.stderr, run.stdout).toBe("");
        expect(run.status).toBe(0);
        expect(fs.existsSync(at("home/.oic-dr-staging"))).toBe(false);
        return run.stdout;
    };
    const mode = (file: string) => fs.statSync(at(file)).mode & 0o777;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "oic-dr-init-"));
        fs.mkdirSync(at("home"));
        if (busybox) {
            const binary = busyboxBinary();
            shell = [binary, "sh"];
            env = { PATH: busyboxPath(dir, binary) };
        } else {
            shell = ["sh"];
            env = { PATH: "/usr/local/bin:/usr/bin:/bin" };
            expect(spawnSync("cp", ["--version"], { env, encoding: "utf8" }).stdout).toMatch(/GNU coreutils/);
        }
        image("25.1.0");
        profile(`oic_URL=https://a.example.com\noic_CLIENT_SECRET=${SECRET}\n`);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("first start: installs the image's distribution, records its version, writes the profile owner-only", () => {
        expect(started()).toMatch(/installing agent 25\.1\.0/);
        expect(read("home/connectivityagent.jar")).toBe("jar 25.1.0");
        expect(read("home", INSTALLED_VERSION_MARKER)).toBe("25.1.0\n");
        expect(read("home/InstallerProfile.cfg")).toContain(`oic_CLIENT_SECRET=${SECRET}`);
        expect(mode("home/InstallerProfile.cfg")).toBe(0o600);
        expect(mode("home/connectivityagent.jar") & 0o077).toBe(0);
    });

    it("restart: keeps the install and the agent's state, and replaces the profile even when it was left read-only", () => {
        started();
        write("home/agenthome/agent/instance.properties", "registered=true");
        write("home/connectivityagent.jar", "jar as the agent left it");
        fs.chmodSync(at("home/InstallerProfile.cfg"), 0o400); // what cp of a 0440 mount left before
        profile(`oic_URL=https://b.example.com\noic_CLIENT_SECRET=${SECRET}\n`);
        expect(started()).toMatch(/keeping the install \(image: 25\.1\.0, installed from an image: 25\.1\.0, agent's own: 0\)/);
        expect(read("home/connectivityagent.jar")).toBe("jar as the agent left it");
        expect(read("home/agenthome/agent/instance.properties")).toBe("registered=true");
        expect(read("home/InstallerProfile.cfg")).toContain("oic_URL=https://b.example.com");
        expect(mode("home/InstallerProfile.cfg")).toBe(0o600);
    });

    it("upgrade: a newer image replaces the install and keeps agenthome/agent and agenthome/thirdparty", () => {
        started();
        write("home/agenthome/agent/instance.properties", "registered=true");
        write("home/agenthome/thirdparty/lib/ojdbc.jar", "driver");
        image("25.10.0");
        expect(started()).toMatch(/installing agent 25\.10\.0 \(installed from an image: 25\.1\.0, agent's own: 0\)/);
        expect(read("home/connectivityagent.jar")).toBe("jar 25.10.0");
        expect(read("home/agenthome/lib/agent.jar")).toBe("lib 25.10.0");
        expect(fs.existsSync(at("home/only-in-25.1.0.txt"))).toBe(false);
        expect(read("home/agenthome/agent/instance.properties")).toBe("registered=true");
        expect(read("home/agenthome/thirdparty/lib/ojdbc.jar")).toBe("driver");
        expect(read("home", INSTALLED_VERSION_MARKER)).toBe("25.10.0\n");
        expect(mode("home/InstallerProfile.cfg")).toBe(0o600);
        // Restart after the upgrade: nothing is replaced again.
        write("home/agenthome/agent/instance.properties", "registered=again");
        expect(started()).toMatch(/keeping the install \(image: 25\.10\.0, installed from an image: 25\.10\.0/);
        expect(read("home/agenthome/agent/instance.properties")).toBe("registered=again");
        expect(read("home/connectivityagent.jar")).toBe("jar 25.10.0");
    });

    it("a self-upgraded agent is not replaced by an image older than its own version, only by a newer one", () => {
        started();
        write(`home/${DEFAULT_AGENT_VERSION_FILE}`, "25.6.2\n");
        write("home/connectivityagent.jar", "jar 25.6.2 (self-upgraded)");
        image("25.4.0"); // newer than the marker, older than the agent
        expect(started()).toMatch(/keeping the install \(image: 25\.4\.0, installed from an image: 25\.1\.0, agent's own: 25\.6\.2\)/);
        expect(read("home/connectivityagent.jar")).toBe("jar 25.6.2 (self-upgraded)");
        image("25.6.2"); // equal is not newer
        expect(started()).toMatch(/keeping the install/);
        image("26.1.0");
        expect(started()).toMatch(/installing agent 26\.1\.0/);
        expect(read("home/connectivityagent.jar")).toBe("jar 26.1.0");
        expect(read(`home/${DEFAULT_AGENT_VERSION_FILE}`)).toBe("25.6.2\n"); // agenthome/agent is the agent's
    });

    it("keeps the install when the agent's version file holds no version", () => {
        started();
        write(`home/${DEFAULT_AGENT_VERSION_FILE}`, "unknown\n");
        image("25.2.0");
        const run = start();
        expect(run.status).toBe(0);
        expect(run.stderr).toMatch(/cannot read the agent's own version/);
        expect(read("home/connectivityagent.jar")).toBe("jar 25.1.0");
    });

    it("finishes a replacement an earlier start left half done, without losing the agent's state", () => {
        started();
        // Killed after the state moved to staging and the old install was removed.
        write("home/.oic-dr-staging/agenthome/agent/instance.properties", "registered=true");
        fs.rmSync(at("home/connectivityagent.jar"));
        image("25.2.0");
        expect(started()).toMatch(/installing agent 25\.2\.0/);
        expect(read("home/agenthome/agent/instance.properties")).toBe("registered=true");
        expect(read("home/connectivityagent.jar")).toBe("jar 25.2.0");
    });

    it("refuses an image without a readable version, naming the file", () => {
        write("image/oic-agent-version", "latest\n");
        const run = start();
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/oic-agent-version must hold the image's agent version \(digits and dots\), found 'latest'/);
        expect(fs.existsSync(at("home/connectivityagent.jar"))).toBe(false);
    });
});
