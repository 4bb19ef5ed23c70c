export * from "./env";
export * from "./security-env";
