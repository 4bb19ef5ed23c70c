import { describe, expect, it } from "vitest";
import { intakeAddress, intakeTokenOf } from "./group-intake-address";
import { senderAddress } from "./receive-group-intake";

const TOKEN = "0123456789abcdef0123456789abcdef";
const DOMAIN = "intake.example.com";

describe("intake addresses", () => {
  it("finds the token in a bare, named or listed recipient, whatever the case", () => {
    expect(intakeAddress(TOKEN, DOMAIN)).toBe(`groups+${TOKEN}@${DOMAIN}`);
    expect(intakeTokenOf(`groups+${TOKEN}@${DOMAIN}`, DOMAIN)).toBe(TOKEN);
    expect(intakeTokenOf(`"St. Brigid intake" <groups+${TOKEN}@${DOMAIN}>`, DOMAIN)).toBe(TOKEN);
    expect(intakeTokenOf(`someone@else.org, Groups+${TOKEN.toUpperCase()}@Intake.Example.com`, DOMAIN)).toBe(TOKEN);
  });

  it("ignores another domain, another local part, a short token and look-alike domains", () => {
    expect(intakeTokenOf(`groups+${TOKEN}@evil.example.org`, DOMAIN)).toBeNull();
    expect(intakeTokenOf(`posts+${TOKEN}@${DOMAIN}`, DOMAIN)).toBeNull();
    expect(intakeTokenOf(`groups+abc@${DOMAIN}`, DOMAIN)).toBeNull();
    expect(intakeTokenOf(`groups+${TOKEN}@${DOMAIN}.evil.org`, DOMAIN)).toBeNull();
    expect(intakeTokenOf(`xgroups+${TOKEN}@${DOMAIN}`, DOMAIN)).toBeNull();
  });

  it("reads the sender's address from a From header", () => {
    expect(senderAddress("Pat Lee <Pat.Lee@Clinic.org>")).toBe("pat.lee@clinic.org");
    expect(senderAddress("pat@clinic.org")).toBe("pat@clinic.org");
    expect(senderAddress("no address here")).toBeNull();
  });
});
