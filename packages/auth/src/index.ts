export { auth, handlers, signIn, signOut, SignInError } from "./config";
export { currentIdentity } from "./session";
export { currentRequestMeta } from "./request";
export { requireSignedIn, requireTenant, requireAgencyAdmin, withTenant, type SignedInUser } from "./tenant";
export { routePattern } from "./denials";
