export * from "./env";
export * from "./security-env";
export * from "./platform-env";
export * from "./intake-env";
export * from "./tiktok-env";
