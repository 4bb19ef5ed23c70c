import { describe, expect, it } from "vitest";
import { TokenSigner } from "./tokens";

describe("simulator tokens", () => {
  const signer = new TokenSigner("unit-secret-one");

  it("round-trips claims and survives a new signer with the same secret (a simulator restart)", () => {
    const token = signer.mint({ k: "p", sub: "123", scopes: ["pages_messaging"], exp: 0 });
    expect(token.startsWith("EAA")).toBe(true);
    expect(new TokenSigner("unit-secret-one").read(token)).toMatchObject({ k: "p", sub: "123", scopes: ["pages_messaging"], exp: 0 });
  });

  it("rejects tokens from another secret, edited claims and garbage", () => {
    const token = signer.mint({ k: "u", sub: "1", scopes: [], exp: 10 });
    expect(new TokenSigner("unit-secret-two").read(token)).toBeNull();
    const [body, sig] = token.slice(3).split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, "base64url").toString()), exp: 0 })).toString("base64url");
    expect(signer.read(`EAA${forged}.${sig}`)).toBeNull();
    for (const junk of ["", "EAA", "EAA.x", "abc.def", `EAA${body}.`]) expect(signer.read(junk)).toBeNull();
  });
});
