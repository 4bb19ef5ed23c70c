import { linkedinClientFromEnv, type LinkedInClient } from "../platforms/linkedin-client";
import { linkedinOAuthOrNull, type LinkedInOAuth } from "../platforms/linkedin-oauth";
import { metaClientFromEnv, type MetaClient } from "../platforms/meta-client";
import { xClientFromEnv, type XClient } from "../platforms/x-client";
import type { XOAuth } from "../platforms/x-oauth";
import { tiktokClientFromEnv, type TikTokClient } from "../platforms/tiktok-client";
import type { TikTokOAuth } from "../platforms/tiktok-oauth";
import { linkedinPlatformClient } from "./linkedin-platform-client";
import { metaPlatformClient } from "./meta-platform-client";
import type { PlatformClients } from "./platform-client";
import { tiktokPlatformClient } from "./tiktok-platform-client";
import { xPlatformClient } from "./x-platform-client";

/**
 * The connectors this process has: Meta for Facebook and Instagram (META_*), LinkedIn (LINKEDIN_*)
 * X (X_*) and TikTok (TIKTOK_*). Tests pass clients pointed at the simulator. LinkedIn's OAuth client refreshes a member token after a 401; without LINKEDIN_CLIENT_*
 * there is none and the 401 stands.
 */
export function platformClientsFromEnv(meta: MetaClient = metaClientFromEnv(), others: { linkedin?: LinkedInClient; linkedinOAuth?: LinkedInOAuth; x?: XClient; xOAuth?: XOAuth; tiktok?: TikTokClient; tiktokOAuth?: TikTokOAuth } = {}): PlatformClients {
  const metaClient = metaPlatformClient(meta);
  const linkedin = linkedinPlatformClient(others.linkedin ?? linkedinClientFromEnv(), () => others.linkedinOAuth ?? linkedinOAuthOrNull());
  const x = xPlatformClient(others.x ?? xClientFromEnv(), others.xOAuth ? { xOAuth: others.xOAuth } : {});
  const tiktok = tiktokPlatformClient(others.tiktok ?? tiktokClientFromEnv(), others.tiktokOAuth ? { tiktokOAuth: others.tiktokOAuth } : {});
  return (platform) => {
    switch (platform) {
      case "FACEBOOK":
      case "INSTAGRAM":
        return metaClient;
      case "LINKEDIN":
        return linkedin;
      case "X":
        return x;
      case "TIKTOK":
        return tiktok;
      default:
        return null;
    }
  };
}
