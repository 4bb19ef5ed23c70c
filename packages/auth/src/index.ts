export { auth, handlers, signIn, signOut, SignInError } from "./config";
export { currentIdentity } from "./session";
export { currentRequestMeta } from "./request";
export { requireSignedIn, requireTenant, requireAgencyAdmin, type SignedInUser } from "./tenant";
