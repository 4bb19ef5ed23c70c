export { auth, handlers, signIn, signOut, SignInError } from "./config";
export { currentIdentity } from "./session";
export { currentRequestMeta } from "./request";
export { hasRecentReauth, requireSignedIn, requireRecentReauth, requireTenant, requireTenantOf, requireAgencyAdmin, withTenant, type SignedInUser, type TenantOptions } from "./tenant";
export { routePattern } from "./denials";
