export * from "./types.js";
export { scanText } from "./text/index.js";
