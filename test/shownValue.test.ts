/**
 * The echo rule (text/shownValue.ts): which values an error may quote back, what it says instead,
 * and the last guard every printed message passes (engine/redact.ts). Secrets by shape, names by
 * their words: a rule that hid every name would make errors useless, one that showed a pasted
 * webhook URL would put it in a CI log.
 */
import { describe, expect, it } from "vitest";
import { shownPath, shownText, shownValue, whyNotShown, withoutEchoedSecrets } from "../text/shownValue";
import { SpecValidationError } from "../components/support/validation";
import { redact } from "../engine/redact";

const WEBHOOK = "https://hooks.slack.com/services/T0AAAA1/B0BBBB2/Qw8Er7Ty6Ui5Op4As3Df2Gh1";
const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlMTIzNDU2Nzg5MA";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";
const API_KEY = "Zx9Qw2Lk7Rt4Yp1Mn8Bv3Cx6";

describe("whether a value may be quoted back", () => {
    it.each([
        ["a URL with a path", WEBHOOK, "a URL with a path, query or credentials"],
        ["a URL with a query", "https://example.com?token=abc", "a URL with a path, query or credentials"],
        ["a URL with credentials", "https://user:pw@example.com", "a URL with a path, query or credentials"],
        ["a JWT", JWT, "a token"],
        ["a PEM key", PEM, "a key"],
        ["an SSH public key", "ssh-rsa AAAAB3NzaC1yc2E admin", "a key"],
        ["a random key", API_KEY, "a token-like string"],
        ["a hex digest", "3f9a2b7c1d0e4f5a6b7c8d9e0f1a2b3c", "a token-like string"],
        ["a long value", "n".repeat(65), "a 65-character value"],
    ])("%s is described, not quoted", (_what, value, why) => {
        expect(whyNotShown(value)).toBe(why);
        expect(shownText(value)).toBe(`(${why}, not shown)`);
        expect(shownText(value)).not.toContain(value.slice(0, 12) === "https://hook" ? "hooks.slack" : value.slice(-10));
    });

    it.each([
        ["a region", "sa-saopaulo-1"],
        ["a name with words and a number", "ordersPrimaryInstance2"],
        ["a host", "https://idcs-1234.identity.oraclecloud.com"],
        ["an email address", "ops@example.com"],
        ["an OCID, however long", `ocid1.integrationinstance.oc1.iad.${"a".repeat(60)}`],
        ["64 characters", "n".repeat(64)],
    ])("%s is quoted", (_what, value) => {
        expect(whyNotShown(value)).toBeUndefined();
        expect(shownText(value)).toBe(JSON.stringify(value));
    });

    it("lists and objects are shown as JSON only when that is short and shows nothing secret-shaped", () => {
        expect(shownValue(["a", 1])).toBe('["a",1]');
        expect(shownValue({ url: WEBHOOK })).toBe("(an object with 1 key, not shown)");
        expect(shownValue([WEBHOOK, "x"])).toBe("(a list of 2, not shown)");
        expect(shownValue(undefined)).toBe("nothing");
        expect(shownValue(3)).toBe("3");
    });

    it("paths are shown at CI-checkout lengths, unless shaped like a secret", () => {
        const deep = `/home/runner/work/platform-infra/platform-infra/stacks/integration/${"d".repeat(100)}/Pulumi.yaml`;
        expect(shownPath(deep)).toBe(deep);
        expect(shownPath(`/tmp/${API_KEY}/x`)).toBe("(a token-like string, not shown)");
    });
});

describe("the last guard: any message", () => {
    it("describes secret-shaped text anywhere, quoted or not, and keeps prose, names, OCIDs and links", () => {
        const message = `displayName: "${WEBHOOK}" is not a name; token ${JWT}; key ${PEM}; api ${API_KEY}; see https://docs.oracle.com/en/cloud/paas/x.html for ocid1.tenancy.oc1..aaaaaaaab3c4d5e6f7`;
        const guarded = withoutEchoedSecrets(message);
        for (const secret of [WEBHOOK, JWT, "MIIEowIBAAKCAQEA7", API_KEY]) expect(guarded).not.toContain(secret);
        expect(guarded).toContain("displayName: (a URL with a path, query or credentials, not shown) is not a name");
        expect(guarded).toContain("see https://docs.oracle.com/en/cloud/paas/x.html for ocid1.tenancy.oc1..aaaaaaaab3c4d5e6f7");
    });

    it("keeps what other code quotes at a path's length: a URN, a module path", () => {
        const urn = "'urn:pulumi:duplicate-urn::check-cases::oci:Ons/notificationTopic:NotificationTopic::topic'";
        expect(withoutEchoedSecrets(`Duplicate resource URN ${urn}`)).toBe(`Duplicate resource URN ${urn}`);
    });

    it("commander's quoted argument and a quoted long value are described", () => {
        expect(redact(`error: option '--token-url <url>' argument '${WEBHOOK}' is invalid.`)).toBe(
            "error: option '--token-url <url>' argument (a URL with a path, query or credentials, not shown) is invalid.",
        );
        expect(redact(`"${"v".repeat(10_000)}" is not a region`)).toBe("(a 10000-character value, not shown) is not a region");
    });

    it("holds a validation error to the rule whatever wording quoted the value", () => {
        const error = new SpecValidationError([{ path: "namePrefix", message: `"${API_KEY}" is not a prefix` }]);
        expect(error.message).toContain("namePrefix: (a token-like string, not shown) is not a prefix");
    });
});
